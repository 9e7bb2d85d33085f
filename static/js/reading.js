/*
 * How the reader reads (issue 18, wiki/reading.py): the last episode they
 * watched of each show, remembered in this browser, and the reading kept as
 * they move between the wiki's pages. A progressive enhancement: without this
 * script `?watched=` and `?as_of=` work alone, page by page.
 *
 * - Choosing an episode in a show's control (shows/_watched_control.html)
 *   remembers it under the show (localStorage, never sent to the server).
 * - A later visit to a page of that show's world (its <meta name="wiki-show">)
 *   without `watched` goes at once (location.replace, before the body is
 *   parsed: this script is not deferred) to the same address with it.
 * - "Show everything" (data-reading-forget) forgets it.
 * - Links to the wiki's own pages keep `watched` and `as_of`; links to the
 *   admin, static files, media and feeds do not, nor the banners' ways back.
 *
 * The page itself is the same for every reader of its address: what this
 * script knows stays in the browser, so no cache keeps anything personal.
 */
(function () {
  "use strict";

  const PREFIX = "etoile-wiki:watched:";
  const EPISODE = /^S\d{2,3}E\d{2,4}$/;
  const KEPT = ["watched", "as_of"];
  const NOT_PAGES = /^\/(?:[a-z]{2}\/)?(?:admin|static|media)\/|\/feed\/|\.xml$/;

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage refused (private mode, settings): nothing remembered
    }
  }

  const store = storage();
  const shows = Array.prototype.map.call(
    document.querySelectorAll('meta[name="wiki-show"]'),
    function (meta) {
      return meta.content;
    }
  );
  const here = new URL(window.location.href);

  if (store && !here.searchParams.has("watched")) {
    for (const show of shows) {
      const remembered = store.getItem(PREFIX + show);
      if (remembered && EPISODE.test(remembered)) {
        here.searchParams.set("watched", remembered);
        window.location.replace(here.toString());
        return;
      }
    }
  }

  function forget(shownShows) {
    if (!store) {
      return;
    }
    for (const show of shownShows) {
      store.removeItem(PREFIX + show);
    }
  }

  function keepReading(reading) {
    if (!reading.length) {
      return;
    }
    for (const link of document.querySelectorAll("a[href]")) {
      if (link.closest(".reading-banner, [data-reading-forget]") || link.hasAttribute("data-reading-forget")) {
        continue; // the ways back to today and to everything leave a choice on purpose
      }
      const raw = link.getAttribute("href");
      if (!raw || raw.charAt(0) === "#") {
        continue;
      }
      let target;
      try {
        target = new URL(raw, window.location.href);
      } catch (error) {
        continue;
      }
      if (target.origin !== window.location.origin || NOT_PAGES.test(target.pathname)) {
        continue;
      }
      let changed = false;
      for (const [name, value] of reading) {
        if (!target.searchParams.has(name)) {
          target.searchParams.set(name, value);
          changed = true;
        }
      }
      if (changed) {
        link.setAttribute("href", target.pathname + target.search + target.hash);
      }
    }
  }

  function ready() {
    for (const form of document.querySelectorAll("form.watched-control")) {
      form.addEventListener("submit", function () {
        const select = form.querySelector('select[name="watched"]');
        if (store && select && EPISODE.test(select.value)) {
          store.setItem(PREFIX + form.dataset.show, select.value);
        }
      });
    }
    for (const link of document.querySelectorAll("[data-reading-forget]")) {
      link.addEventListener("click", function () {
        const form = link.closest("form.watched-control");
        forget(form ? [form.dataset.show] : shows);
      });
    }
    keepReading(
      KEPT.filter(function (name) {
        return here.searchParams.has(name);
      }).map(function (name) {
        return [name, here.searchParams.get(name)];
      })
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
