"""The signed-in person, with their memberships and organisations, kept in the session cache.

Every signed-in request needs the user and their roles. Loading them costs two queries per request
(user, memberships with organisations); here they are read from the `sessions` cache instead (Redis
in production, the PostgreSQL cache table otherwise) and forgotten whenever a user, a membership or
an organisation changes (signals below, also after the transaction commits, so that a request running
beside the change cannot put the old state back). Entries also expire after AUTH_CACHE_SECONDS.

The cached user is rebuilt with its password *deferred*: the hash never leaves the database (the
session check uses the session auth hash computed when the entry was made), reading `password`
loads it on demand, and saving the instance writes only the fields it holds.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.models import Membership, Organisation, User

logger = logging.getLogger(__name__)

CACHE_ALIAS = "sessions"


_database_identity: str | None = None


def _key(pk) -> str:
    """The entry of one user, in this database: a database created again (tests, a restore into a new
    database) reuses primary keys, so its oid is part of the key."""
    global _database_identity
    if _database_identity is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT oid FROM pg_database WHERE datname = current_database()")
            _database_identity = str(cursor.fetchone()[0])
    return f"auth-user:{_database_identity}:{pk}"


def _cache():
    return caches[CACHE_ALIAS]


def load_user(pk) -> User | None:
    """The user with this primary key and their memberships, from the cache or the database."""
    try:
        entry = _cache().get(_key(pk))
    except Exception:  # the cache being down must not sign anyone out
        logger.warning("auth cache unavailable; loading user %s from the database", pk, exc_info=True)
        entry = None
    if entry is not None:
        return _restore(entry)
    user = User._default_manager.filter(pk=pk).first()
    if user is None:
        return None
    memberships = user.role_memberships
    fields = [f.attname for f in User._meta.concrete_fields if f.attname != "password"]
    entry = {
        "fields": fields,
        "values": [getattr(user, name) for name in fields],
        "memberships": memberships,
        "session_auth_hash": user.get_session_auth_hash(),
    }
    try:
        _cache().set(_key(pk), entry, settings.AUTH_CACHE_SECONDS)
    except Exception:
        logger.warning("auth cache unavailable; user %s not cached", pk, exc_info=True)
    return user


def _restore(entry: dict) -> User:
    user = User.from_db("default", entry["fields"], entry["values"])
    user._role_memberships = entry["memberships"]
    user._cached_session_auth_hash = entry["session_auth_hash"]
    return user


def forget(*user_ids) -> None:
    """Drop these users' entries now and again once the current transaction has committed."""
    keys = [_key(pk) for pk in user_ids if pk is not None]
    if not keys:
        return

    def drop():
        try:
            _cache().delete_many(keys)
        except Exception:
            logger.warning("auth cache unavailable; %s not forgotten", keys, exc_info=True)

    drop()
    transaction.on_commit(drop)


@receiver([post_save, post_delete], sender=User, dispatch_uid="auth_cache_user")
def _user_changed(sender, instance, **kwargs):
    forget(instance.pk)


@receiver([post_save, post_delete], sender=Membership, dispatch_uid="auth_cache_membership")
def _membership_changed(sender, instance, **kwargs):
    forget(instance.user_id)


@receiver(post_save, sender=Organisation, dispatch_uid="auth_cache_organisation")
def _organisation_changed(sender, instance, created, **kwargs):
    if created:
        return
    members = Membership.objects.filter(Q(organisation=instance) | Q(organisation__prefecture=instance))
    forget(*set(members.values_list("user_id", flat=True)))
