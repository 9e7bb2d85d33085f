/*
 * Suggestions for the search box, as the reader types: a progressive
 * enhancement (without this script the form works as it is). After two
 * characters it asks /search/suggest/ for the top titles and shows them in a
 * listbox, following the WAI-ARIA combobox pattern (list autocomplete):
 * arrow keys move through them, Enter opens one, Escape closes the list.
 * The last option searches every page for the words typed.
 */
(function () {
  "use strict";

  const input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch || !window.AbortController) {
    return;
  }
  const form = input.form;
  const listbox = document.createElement("ul");
  listbox.id = input.id + "-listbox";
  listbox.className = "site-search__listbox";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", "Suggestions");
  listbox.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.append(listbox, status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);

  let options = [];
  let active = -1;
  let timer = null;
  let pending = null;

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function open() {
    if (options.length) {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
  }

  function select(index) {
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function option(id, url, parts, className) {
    const item = document.createElement("li");
    item.id = id;
    item.className = className;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.url = url;
    item.append.apply(item, parts);
    return item;
  }

  function show(data) {
    options = data.suggestions.map(function (suggestion, i) {
      const type = document.createElement("span");
      type.className = "site-search__type";
      type.textContent = suggestion.type;
      return option(
        listbox.id + "-" + i,
        suggestion.url,
        [suggestion.title, " ", type],
        "site-search__option"
      );
    });
    if (data.fulltext_url) {
      options.push(
        option(
          listbox.id + "-all",
          data.fulltext_url,
          ["Search for pages containing “" + data.query + "”"],
          "site-search__option site-search__option--all"
        )
      );
    }
    listbox.replaceChildren.apply(listbox, options);
    active = -1;
    const count = data.suggestions.length;
    status.textContent = count === 1 ? "1 suggestion" : count + " suggestions";
    open();
  }

  function fetchSuggestions(query) {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    const url = input.dataset.suggest + "?q=" + encodeURIComponent(query);
    fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        // Only the answer to what is in the box now.
        if (data && input.value.trim() === query && document.activeElement === input) {
          show(data);
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          close();
        }
      });
  }

  input.addEventListener("input", function () {
    const query = input.value.trim();
    window.clearTimeout(timer);
    if (query.length < 2) {
      options = [];
      close();
      return;
    }
    timer = window.setTimeout(fetchSuggestions, 150, query);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) {
        return;
      }
      event.preventDefault();
      open();
      if (event.key === "ArrowDown") {
        select((active + 1) % options.length);
      } else {
        select(active <= 0 ? options.length - 1 : active - 1);
      }
    } else if (event.key === "Enter" && !listbox.hidden && active >= 0) {
      event.preventDefault();
      window.location.assign(options[active].dataset.url);
    } else if (event.key === "Escape" && !listbox.hidden) {
      event.preventDefault();
      close();
    }
  });

  // Keep the focus in the box while an option is clicked.
  listbox.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });
  listbox.addEventListener("click", function (event) {
    const item = event.target.closest("[role=option]");
    if (item) {
      window.location.assign(item.dataset.url);
    }
  });
  input.addEventListener("blur", close);
})();
