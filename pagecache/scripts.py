"""Lua scripts the page cache runs in Redis, registered once per process."""

_registered = {}


def script(client, source):
    """redis-py sends EVALSHA, and loads the script again if Redis lost it."""
    registered = _registered.get(source)
    if registered is None:
        registered = _registered[source] = client.register_script(source)
    return registered
