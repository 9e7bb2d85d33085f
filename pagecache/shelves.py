"""
Where kept pages live, and how a hit learns that one is still current.

A page is kept with the keys of what it shows and the number the stamp counter
stood at before it was made (pagecache/stamps.py); it is current while none of
those keys bears a higher stamp, and a key with no stamp at all (evicted, or
deleted after a write that could not reach the cache) means it is not.

Two shelves, one rule:

- `CacheShelf`, for any cache and either home of the stamps: the page, its keys
  and its number in one cache entry; a hit reads it, then asks the stamps.
- `RedisShelf`, when the stamps live in Redis beside the pages and the cache
  lets the page cache run a command on its Redis client (`on_client`, as the
  site's tolerant Redis cache does, with its outage rules). A hit is then one
  round trip: a Lua script reads the page's number and the Redis names of its
  stamps, compares them in Redis, and answers the page or nothing. Python
  neither makes and sends a hundred stamp names nor unpickles a hundred numbers
  and a frozenset of keys: profiled, that was two thirds of a hit on the show
  page (about 100 keys). bench/hit_bench.py measures hits against the static file.

What is kept is a pair, given back whole by a hit: a page's content and
headers here, an entry page's kept parts and the keys they showed in parts.py.
"""

import hashlib
import json
import pickle

from django.conf import settings

from . import scripts, stamps

# KEYS[1]: a page's hash (number, stamps, page, seen); KEYS[2]: the stamp
# counter. Its page when every stamp it names is there and at most its number;
# else nothing. MGET takes the stamps in slices: Lua's unpack() has a limit of
# a few thousand values.
#
# `seen` is the counter's value when the stamps were last found current. Every
# write moves the counter in the same script that sets its stamps
# (stamps.CacheStamps.committed), and a write that could not reach Redis has the
# counter deleted with its stamps, so while the counter still reads `seen`
# nothing the page shows can have changed: the hundred stamps need not be read
# again. That case is asked first and reads only `seen` and the page: copying
# the stamps' names (3 KB on the show page) into Lua on every hit cost Redis a
# quarter of its time per call (INFO commandstats: 24 us a hit, 18 without).
# `seen` is only ever written beside a number and stamps, so the shortcut needs
# neither. A missing counter (evicted, deleted, Redis restarted) never matches.
CURRENT_PAGE = """
local counter = redis.call('GET', KEYS[2])
if counter then
  local quick = redis.call('HMGET', KEYS[1], 'seen', 'page')
  if quick[1] == counter and quick[2] then
    return quick[2]
  end
end
local kept = redis.call('HMGET', KEYS[1], 'number', 'stamps', 'page')
local number = tonumber(kept[1])
if not number or not kept[2] or not kept[3] then
  return false
end
local names = cjson.decode(kept[2])
for first = 1, #names, 1000 do
  local values = redis.call('MGET', unpack(names, first, math.min(first + 999, #names)))
  for _, value in ipairs(values) do
    local stamp = tonumber(value)
    if not stamp or stamp > number then
      return false
    end
  end
end
if counter then
  redis.call('HSET', KEYS[1], 'seen', counter)
end
return kept[3]
"""


def address_digest(request) -> str:
    """
    What a page or its parts are filed under besides their kind: the address.
    The scheme and host too: canonical links, feeds and sitemaps carry absolute
    URLs, and a site reachable over both http and https must not hand one's to
    the other. get_host() also refuses a host not in ALLOWED_HOSTS (400),
    before any lookup, as it would before the view.
    """
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return hashlib.sha256(address.encode()).hexdigest()


def ready_to_keep(store, keys, number) -> bool:
    """
    File what was made at `number` with the keys it showed (and ALL, which
    expire_pages stamps): give each key a stamp, then say whether none has
    moved past `number` meanwhile. A write that committed while it was made
    outdates it: it is then kept nowhere.
    """
    keys.add(stamps.ALL)
    store.prepare(keys, number)
    return store.stand(keys, number)


class CacheShelf:
    """A page, its keys and its number as one cache entry; its stamps asked apart."""

    def __init__(self, cache, store):
        self.cache = cache
        self.store = store

    def current(self, key):
        """`(content, headers)` of the page kept under `key`, if it is current."""
        kept = self.cache.get(key)
        if kept is None:
            return None
        content, headers, keys, number = kept
        return (content, headers) if self.store.stand(keys, number) else None

    def previous(self, key):
        """`(content, headers)` of the page kept under `key`, current or not."""
        kept = self.cache.get(key)
        return None if kept is None else kept[:2]

    def keep(self, key, content, headers, keys, number) -> None:
        kept = (content, headers, frozenset(keys), number)
        self.cache.set(key, kept, settings.PAGE_CACHE_SECONDS)


class RedisShelf:
    """A page as a Redis hash beside its stamps, checked by one script run."""

    def __init__(self, cache, store):
        self.cache = cache
        self.store = store

    def _name(self, key):
        # Not the name CacheShelf gives it: a hash where a pickled entry was
        # kept (before an upgrade, or with another shelf) would be an error.
        return self.cache.make_key(f"{key}:hash")

    def current(self, key):
        names = [self._name(key), self.cache.make_key(self.store.COUNTER)]

        def run(client):
            return scripts.run_on_held_connection(client, CURRENT_PAGE, names)

        # On the server Django writes to: the script notes when it last looked.
        page = self.cache.on_client(run, None, write=True)
        return None if page is None else pickle.loads(page)

    def previous(self, key):
        """`(content, headers)` of the page kept under `key`, current or not."""
        name = self._name(key)
        page = self.cache.on_client(lambda client: client.hget(name, "page"), None)
        return None if page is None else pickle.loads(page)

    def keep(self, key, content, headers, keys, number) -> None:
        name = self._name(key)
        fields = {
            "number": number,
            "stamps": json.dumps([self.cache.make_key(stamp) for stamp in self.store.names(keys)]),
            "page": pickle.dumps((content, headers), pickle.HIGHEST_PROTOCOL),
            # Not looked at yet: no counter reads this.
            "seen": "",
        }

        def write(client):
            # One transaction: the page never lives on without its expiry.
            with client.pipeline(transaction=True) as pipe:
                pipe.hset(name, mapping=fields)
                pipe.expire(name, settings.PAGE_CACHE_SECONDS)
                pipe.execute()

        self.cache.on_client(write, None, write=True)


def shelf(cache, store):
    """The shelf for this cache and this home of the stamps."""
    if isinstance(store, stamps.CacheStamps) and hasattr(cache, "on_client"):
        return RedisShelf(cache, store)
    return CacheShelf(cache, store)
