"""Lua scripts the page cache runs in Redis, registered once per process."""

import hiredis
from redis.exceptions import NoScriptError

_registered = {}


def script(client, source):
    """redis-py sends EVALSHA, and loads the script again if Redis lost it."""
    registered = _registered.get(source)
    if registered is None:
        registered = _registered[source] = client.register_script(source)
    return registered


def run_on_held_connection(client, source, keys):
    """
    The script's answer to `keys`, sent on the client's own connection when it
    holds one (etoile_wiki/cache.py gives the page cache such a client per thread).

    A hit is one script run, and redis-py's client wrapped it in about 40 us of
    Python (command lookup, packing in Python, retries, response callbacks),
    against 12 us for packing it with hiredis and using the connection's own
    send and read: a twentieth of a cached page's whole cost. The connection
    still connects itself when it has to and drops its socket on an error, which
    reaches the caller as redis-py's ConnectionError or TimeoutError, as before;
    the cache's outage rules (TolerantRedisCache) take it from there.
    """
    registered = script(client, source)
    connection = client.connection
    if connection is None:
        return registered(keys=keys, client=client)
    command = hiredis.pack_command(("EVALSHA", registered.sha, len(keys), *keys))
    try:
        connection.send_packed_command([command], check_health=False)
        return connection.read_response()
    except NoScriptError:
        # Redis restarted or its scripts were flushed: the usual path loads it again.
        return registered(keys=keys, client=client)
