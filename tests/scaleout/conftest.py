"""The scale-out fixtures (a redis-server of its own, the processes a test starts): support.py."""

from .support import processes, redis_server

__all__ = ["processes", "redis_server"]
