"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` for every cache call, and
redis-py 8 fills a table of about 170 response callbacks whenever one is made: a `cache.get` cost
0.22 ms of CPU with Django's backend and costs 0.08 ms with this one (2,000 gets of a small tuple
from the local Redis, 2-core machine, 2026-12-05), most of it the client's making, not the round
trip. A client is only a handle on its pool, safe to share between calls (and threads); the pool
keeps its fork safety (it checks the process id on every checkout).
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class PooledClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PooledClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledClientRedisCacheClient
