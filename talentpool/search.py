"""Japanese-aware text matching for the talent search: see portal.textsearch."""

from portal.textsearch import fold

__all__ = ["fold"]
