"""Where the rate limits count: Redis when ``JOBBOARD_REDIS_URL`` is set, else this process.

Counting in Redis is what makes a limit a limit of the board: every worker process and every
machine behind the load balancer takes from one budget. Counting in memory is for a single
process (and the embedded board); with ``--workers N`` each worker has a budget of its own.

The counters are the ``limits`` package's (a sliding-window counter: two integers per caller
and limit, whatever the limit, and keys that expire by themselves). Its Redis calls are bounded
by ``JOBBOARD_REDIS_TIMEOUT_SECONDS`` and not retried, so a Redis that is away costs a write
about that long: the first failed call ends its checking.
"""

from __future__ import annotations

from typing import Any, cast

from coredis.retry import NoRetryPolicy
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import RateLimiter, SlidingWindowCounterRateLimiter

from adapters.settings import Settings


class RateLimitStorage:
    """The counters' storage and the strategy that counts in it."""

    def __init__(self, storage: Storage, *, shared: bool) -> None:
        self.storage = storage
        self.shared = shared  # True: every process of the board counts in the same place
        self.limiter: RateLimiter = SlidingWindowCounterRateLimiter(storage)

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimitStorage:
        if settings.redis_url is None:
            return cls(MemoryStorage(), shared=False)
        url = settings.redis_url.get_secret_value()
        timeout = settings.redis_timeout_seconds
        storage = RedisStorage(
            f"async+{url}",
            # Every failure is one exception type, whatever the client library raises.
            wrap_exceptions=True,
            key_prefix=f"{settings.rate_limit_key_prefix}:rate-limits",
            connect_timeout=timeout,
            stream_timeout=timeout,
            # No retries: the timeout is what a write may lose to a Redis that is away (after
            # a Redis restart, one write on a broken pooled connection goes unlimited).
            retry_policy=cast(Any, NoRetryPolicy()),
        )
        return cls(storage, shared=True)

    async def close(self) -> None:
        """Close the connections to Redis (nothing to close in memory)."""
        if isinstance(self.storage, RedisStorage):
            client = getattr(self.storage.bridge, "storage", None)  # coredis' client
            pool = getattr(client, "connection_pool", None)
            if pool is not None:
                pool.disconnect()
