"""Keys for cached page fragments (the `fragments` cache): a digest of exactly what a fragment shows.

A fragment cached under the digest of its rows' values can never show stale rows: any change in a
value makes another key. What a fragment shows beyond its rows (an organisation's name in another
table, a taxonomy label) may lag by at most the cache's TIMEOUT.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def digest(objects: Iterable, *attributes: str) -> str:
    """A short, stable hash of these attributes of every object (dotted paths allowed)."""
    h = hashlib.blake2b(digest_size=16)
    for obj in objects:
        values = []
        for path in attributes:
            value = obj
            for part in path.split("."):
                value = getattr(value, part, None)
            values.append(value)
        h.update(repr(values).encode())
    return h.hexdigest()
