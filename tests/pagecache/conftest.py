import uuid

import pytest
import redis
from django.core.cache import caches

from tests.live.stack import ensure_redis

# A database of its own: the live tests use 10 to 14, tests/test_cache_outage.py
# 15, the benchmarks 3, 7 and 9. Each test files its keys under a prefix of its own
# and deletes them after, so parallel runs never clear each other's.
REDIS_URL = "redis://127.0.0.1:6379/8"
OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}


@pytest.fixture
def redis_pages(settings):
    """The page cache on, in real Redis as in production: stamps beside the pages."""
    ensure_redis()
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "etoile_wiki.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "OPTIONS": OPTIONS,
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_STAMPS_IN_CACHE = True
    yield caches[settings.PAGE_CACHE_ALIAS]
    client = redis.Redis.from_url(REDIS_URL)
    names = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if names:
        client.delete(*names)
    client.close()
