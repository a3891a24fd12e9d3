"""Every URL of the project, checked against the whole cast, from the access tables of each app.

Each app owns its table (tests/<app>/access.py, and access_allauth.py for allauth's pages); this
module assembles them. A URL pattern without a row fails, so no new view can escape the matrix.

The cast, the objects the rows point at and a signed-in session per person are built once for the
module; one test per URL then checks every person. Each request runs in a savepoint rolled back
afterwards, so a permitted POST cannot hide a refused one.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import CAST, build_cast, ensure_reference_data
from tests.council import access as council_access
from tests.portal import access as portal_access
from tests.portal.access import ANY_REDIRECT, LOGIN, Row
from tests.portal.access_allauth import ALLAUTH_TABLE
from tests.portal.factories import sign_in
from tests.procurement import access as procurement_access
from tests.talentpool import access as talentpool_access

WORLD_BUILDERS = (
    portal_access.build_world,
    talentpool_access.build_world,
    procurement_access.build_world,
    council_access.build_world,
)
APP_TABLES: dict[str, dict[str, Row]] = {
    "portal": portal_access.TABLE,
    "talentpool": talentpool_access.TABLE,
    "procurement": procurement_access.TABLE,
    "council": council_access.TABLE,
    "allauth": {
        name: Row(expect, kwargs=(lambda w, kwargs=kwargs: kwargs) if kwargs else None)
        for name, (expect, kwargs) in ALLAUTH_TABLE.items()
    },
}


def _assemble() -> dict[str, Row]:
    table: dict[str, Row] = {}
    for app, rows in APP_TABLES.items():
        twice = table.keys() & rows.keys()
        assert not twice, f"{app} repeats rows of another table: {sorted(twice)}"
        table.update(rows)
    return table


TABLE = _assemble()


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield namespace, name, pattern


def project_url_names() -> list[str]:
    """Every named URL of the project (the Django admin is checked by its own test below)."""
    names = []
    for namespace, name, pattern in _walk(get_resolver().url_patterns):
        if namespace == "admin":
            continue
        assert name, f"unnamed URL pattern {pattern.pattern} cannot be checked"
        names.append(name)
    return sorted(set(names))


def test_every_url_has_a_row():
    missing = [name for name in project_url_names() if name not in TABLE]
    assert missing == [], f"URLs without a row in any access table: {missing}"


def test_every_row_names_a_url_and_the_whole_cast():
    names = set(project_url_names())
    assert sorted(set(TABLE) - names) == [], "rows for URLs the project no longer has"
    incomplete = {
        name: set(CAST) ^ set(row.expect) for name, row in TABLE.items() if set(row.expect) != set(CAST)
    }
    assert incomplete == {}, f"rows without an expectation for exactly the cast: {incomplete}"
    print(f"access matrix: {len(TABLE)} URLs × {len(CAST)} people = {len(TABLE) * len(CAST)} cases")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The cast, every app's objects, and a session cookie per person, in a transaction rolled back
    when the module ends (each test's own transaction is a savepoint inside it)."""
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        ensure_reference_data()
        cast = build_cast()
        objects = dict(cast)
        for build in WORLD_BUILDERS:
            objects.update(build(cast))
        sessions = {}
        for actor, person in cast.items():
            if person is not None:
                client = Client()
                sign_in(client, person)
                sessions[actor] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield objects, sessions
        transaction.set_rollback(True)


def check(world, sessions, name: str, row: Row, actor: str) -> str | None:
    """Request `name` as `actor`; a message naming URL, method and actor if the outcome is wrong."""
    client = Client()
    if actor in sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[actor]
    url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
    response = getattr(client, row.method)(url, row.data)
    expected = row.expect[actor]
    where = f"{row.method.upper()} {url} as {actor}"
    if expected == LOGIN:
        if response.status_code != 302:
            return f"{where}: {response.status_code}, expected a sign-in redirect"
        if not response["Location"].startswith(reverse("account_login")):
            return f"{where}: to {response['Location']}, expected a sign-in redirect"
    elif expected == ANY_REDIRECT:
        if response.status_code != 302:
            return f"{where}: {response.status_code}, expected a redirect"
    elif response.status_code != expected:
        return f"{where}: {response.status_code}, expected {expected}"
    return None


@pytest.mark.parametrize("name", sorted(TABLE))
def test_url_access(db, world, name):
    objects, sessions = world
    failures = []
    for actor in CAST:
        cache.clear()  # rate limits and cached data start afresh for each person, as in a test of their own
        with transaction.atomic():
            failures.append(check(objects, sessions, name, TABLE[name], actor))
            transaction.set_rollback(True)
    failures = [failure for failure in failures if failure]
    assert failures == [], "\n".join(failures)


def test_django_admin_is_for_site_admins_only(db, world):
    from django.contrib import admin

    _objects, sessions = world
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
    for actor in CAST:
        client = Client()
        if actor in sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[actor]
        for url in urls:
            status = client.get(url).status_code
            if actor == "admin_user":
                assert status == 200, f"{url} as admin: {status}"
            else:
                assert status == 302, f"{url} as {actor}: {status}"
