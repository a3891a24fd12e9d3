"""Sessions read from the `sessions` cache and written through to PostgreSQL (Django's cached_db),
tolerant of the cache being down: the database stays the truth, so nobody is signed out, and no
request fails, because Redis is unreachable.

A session entry lives in the cache at most SESSION_CACHE_SECONDS: if signing out happens while the
cache is unreachable, the stale entry it could not delete dies on its own within that time.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

logger = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            logger.warning("session cache unavailable; reading the session from the database", exc_info=True)
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._remember(data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def exists(self, session_key):
        return super(CachedDBStore, self).exists(session_key)  # new keys are checked where they are stored

    def save(self, must_create=False):
        super(CachedDBStore, self).save(must_create)  # the database row first
        self._remember(self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        super(CachedDBStore, self).delete(session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            logger.warning("session cache unavailable; its copy expires on its own", exc_info=True)

    def _remember(self, data, expiry_age: int) -> None:
        try:
            self._cache.set(self.cache_key, data, min(expiry_age, settings.SESSION_CACHE_SECONDS))
        except Exception:
            logger.warning("session cache unavailable; session kept in the database only", exc_info=True)
