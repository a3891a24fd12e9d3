"""The sessions cache reuses one redis-py client per connection pool (Django's builds one per
operation, ~170 callbacks registered each time) and still reads and writes through Redis."""

import os

import pytest

from portal.redis_cache import PortalRedisCache


def test_one_client_per_pool_for_reads_and_writes():
    cache = PortalRedisCache("redis://127.0.0.1:1/0", {})  # nothing is connected to build clients
    client = cache._cache.get_client()
    assert cache._cache.get_client("key") is client
    assert cache._cache.get_client("key", write=True) is client  # one server: one pool


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="CI's services pass sets REDIS_URL")
def test_values_round_trip_through_redis():
    cache = PortalRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "test-redis-cache"})
    cache.set("a", {"x": 1}, 30)
    cache.set("b", [2], 30)
    assert cache.get("a") == {"x": 1} and cache.get_many(["a", "b"]) == {"a": {"x": 1}, "b": [2]}
    cache.delete_many(["a", "b"])
    assert cache.get("a") is None
