"""Dashboard figures cached per filter set for a few minutes; any change that moves a figure starts afresh."""
import uuid

from django.core.cache import cache

TIMEOUT = 5 * 60
GENERATION_KEY = "reporting:generation"


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def cached(name: str, filter_key: str, compute):
    """`compute()` once per filter set and generation; a new generation makes every older entry unreachable."""
    key = f"reporting:{name}:{_generation()}:{filter_key}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def invalidate() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
