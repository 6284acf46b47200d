"""remember(): what is derived from published content, kept until the content version moves on.

Kept data lives in each process's own memory ("process" cache), and also in Django's shared cache
when that is Redis: a hit costs the version query and no round trip to a shared store, and what
one worker worked out serves every other worker from Redis. Neither cache decides freshness:
every key carries the content version (portal.caching.version) and the running code's
fingerprint (settings.CODE_VERSION). docs/caching.md lists everything remembered.
"""

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.utils import translation

from portal.caching.version import changed_in_open_transaction, current_version

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

# Derived data is kept until content changes, and at most this long.
DERIVED_DATA_SECONDS = 10 * 60


def process_cache() -> BaseCache:
    """This process's own memory: where every hit is served from."""
    return caches["process" if "process" in settings.CACHES else "default"]


def shared_cache() -> BaseCache | None:
    """The cache every process and server shares (Redis), or None when there is only memory."""
    return caches["default"] if "process" in settings.CACHES else None


def clear_caches() -> None:
    """Forget everything kept, here and in the shared cache (tests, and after a restore)."""
    process_cache().clear()
    shared = shared_cache()
    if shared is not None:
        shared.clear()
    _in_process.clear()


def cache_key(name: str, *key_parts: object) -> str:
    """The one way a key is made: the code, the name, the language, the content version, then the parts.

    The language being served is in every key: what is worked out for a Spanish page (its links,
    its addresses, its interface text) is never what an English page shows.
    """
    parts = ["portal", settings.CODE_VERSION, name, translation.get_language() or "", current_version()]
    return ":".join([*parts, *map(str, key_parts)])


def _get(key: str) -> Any:
    value = process_cache().get(key)
    shared = shared_cache()
    if value is None and shared is not None:
        value = shared.get(key)
        if value is not None:
            process_cache().set(key, value, DERIVED_DATA_SECONDS)
    return value


def _set(key: str, value: Any, seconds: int) -> None:
    if changed_in_open_transaction():
        return
    process_cache().set(key, value, seconds)
    shared = shared_cache()
    if shared is not None:
        shared.set(key, value, seconds)


def remember(name: str, *key_parts: object, compute: Callable[[], T], seconds: int | None = None) -> T:
    """What `compute` returns, kept under the current content version, so any content change renews it.

    The key is the name and the parts, which must be everything the value depends on besides
    published content (a page's id, a site's id, a letter). A None result is not kept: it is
    worked out again next time. Kept for DERIVED_DATA_SECONDS unless `seconds` says otherwise.
    """
    key = cache_key(name, *key_parts)
    value = _get(key)
    if value is None:
        value = compute()
        if value is not None:
            _set(key, value, DERIVED_DATA_SECONDS if seconds is None else seconds)
    return value


def remember_many(name: str, ids: Iterable[K], compute: Callable[[list[K]], dict[K, T]]) -> dict[K, T]:
    """remember() for a batch: {id: value} for each id, with compute(missing ids) -> {id: value}
    called once for the ones not yet kept."""
    ids = list(ids)
    prefix = cache_key(name)  # one version for the whole batch, read once
    keys = {id_: f"{prefix}:{id_}" for id_ in ids}
    found = process_cache().get_many(keys.values())
    shared = shared_cache()
    if shared is not None and len(found) < len(keys):
        from_shared = shared.get_many([key for key in keys.values() if key not in found])
        if from_shared:
            process_cache().set_many(from_shared, DERIVED_DATA_SECONDS)
            found.update(from_shared)
    values = {id_: found[key] for id_, key in keys.items() if key in found}
    missing = [id_ for id_ in ids if id_ not in values]
    if missing:
        fresh = compute(missing)
        if not changed_in_open_transaction():
            entries = {keys[id_]: value for id_, value in fresh.items()}
            process_cache().set_many(entries, DERIVED_DATA_SECONDS)
            if shared is not None:
                shared.set_many(entries, DERIVED_DATA_SECONDS)
        values.update(fresh)
    return values


# Large derived data each process keeps unpickled: {(name, language): (version, value)}.
_in_process: dict[tuple[str, str], tuple[str, Any]] = {}


def remember_in_process(name: str, compute: Callable[[], T]) -> T:
    """remember() for large data that nearly every request reads, kept as a live object.

    Reading a kept copy means unpickling all of it, which for the search vocabulary of a site
    of 100,000 pages took about a millisecond on every search.
    """
    version = current_version()
    key = (name, translation.get_language() or "")
    kept = _in_process.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    value = remember(name, compute=compute)
    if not changed_in_open_transaction():
        _in_process[key] = (version, value)
    return value
