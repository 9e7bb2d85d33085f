vcl 4.1;

# Varnish in front of the wiki's app servers (README, Deploy: "A shared cache in
# front"). Anonymous readers get pages from here; everything else goes to the app.
#
# - A page is kept only when the app says it may be: it carries the `xkey` header
#   (the keys of the entries it shows, pagecache/invalidation.py KEYS_HEADER) and a
#   Cache-Control with s-maxage and stale-while-revalidate (pagecache/frontend.py).
# - After every committed write the app sends `PURGE` with an `xkey-purge` header
#   listing the keys the write invalidated (pagecache/purge.py); exactly the pages
#   filed under one of them are dropped.
# - Signed-in editors (Django's `sessionid` cookie), requests with credentials and
#   every method but GET and HEAD always reach the app.
#
# Needs Debian's `varnish` (7.1) and `varnish-modules` (the xkey vmod). `make
# serve-cdn` starts it with the backend below replaced by its own address.

import xkey;

# `make serve-cdn` and the tests replace these two lines with the app server's
# address (keep each on one line).
backend app {
    .host = "127.0.0.1";
    .port = "8001";
    # A dead app server is known at once; a slow page is waited for a little
    # longer than gunicorn's own 30 s timeout.
    .connect_timeout = 1s;
    .first_byte_timeout = 35s;
    .between_bytes_timeout = 10s;
}

# Who may purge: the app servers. Add each app server's address when they run
# on other machines. Only the connecting address counts (client.ip), never
# X-Forwarded-For, which anyone can write; a load balancer in front of Varnish
# on one of these addresses must not forward PURGE requests.
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # A header of ours that no client may set.
    unset req.http.X-Cache-State;

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "PURGE needs an xkey-purge header"));
        }
        # A hard purge, not xkey.softpurge: a purged page is known to be stale,
        # and readers must never be shown one after the edit's response (issue
        # 15). The next reader of a purged page waits for one render, which every
        # other reader of it waits for too (Varnish's request coalescing), so a
        # purge storm costs the app one request per page, not one per reader.
        # Grace (below) still serves pages whose time ran out without a purge.
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Purged));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # A signed-in editor: their pages are their own and always live.
    if (req.http.Cookie ~ "(^|;)\s*sessionid=") {
        return (pass);
    }
    # Any other cookie (CSRF, messages) changes nothing on a page an anonymous
    # reader gets: the app's page cache ignores them too. Nor does the browser's
    # language (it comes from the address alone: README, Languages), though
    # pages say Vary: Accept-Language; unset, it cannot split a page into a
    # copy per browser setting.
    unset req.http.Cookie;
    unset req.http.Accept-Language;
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.host);
    # Canonical links and feeds hold absolute addresses: http and https pages differ.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_hit {
    if (obj.ttl <= 0s) {
        # Past s-maxage, within grace: served while one fetch refreshes it.
        set req.http.X-Cache-State = "hit-stale";
    } else {
        set req.http.X-Cache-State = "hit";
    }
}

sub vcl_miss {
    set req.http.X-Cache-State = "miss";
}

sub vcl_pass {
    set req.http.X-Cache-State = "pass";
}

sub vcl_backend_fetch {
    if (!bereq.uncacheable) {
        # Always a whole page for the cache, never a 304: a 304 would not carry
        # the keys and the Cache-Control the object is kept under.
        unset bereq.http.If-None-Match;
        unset bereq.http.If-Modified-Since;
    }
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (!beresp.http.xkey || beresp.http.Set-Cookie || beresp.status >= 400
      || beresp.ttl <= 0s) {
        # Not a page the app lets anyone share: not kept. Remembered as such for a
        # while (hit-for-miss), so these requests go straight to the app without
        # queueing behind one another; a later keyed page replaces the mark.
        set beresp.ttl = 60s;
        set beresp.grace = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # TTL from s-maxage and grace from stale-while-revalidate, as the app sent
    # them (pagecache/frontend.py); together they bound how long a page whose
    # purge was lost can be served. No keep: objects past grace are gone.
    set beresp.keep = 0s;
    return (deliver);
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.X-Cache-State;
    unset req.http.X-Cache-State;
    # Internal: the surrogate keys, Varnish's own transaction ids and version,
    # and the app's page cache state (stale once the page is kept here).
    unset resp.http.xkey;
    unset resp.http.X-Varnish;
    unset resp.http.Via;
    unset resp.http.X-Page-Cache;
}

sub vcl_synth {
    set resp.http.X-Cache = "synth";
    unset resp.http.X-Varnish;
    unset resp.http.Via;
}
