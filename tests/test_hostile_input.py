"""Generated junk in every URL parameter, query string and form field, as every member of the cast:
the portal answers with a page, a form error, a redirect, 400, 403, 404 or 405 — never a 5xx.

Every URL pattern of the project's own apps is found by walking the URL resolver, so a new view is
fuzzed without anyone adding it here. Query and form field names come from the forms each page
really shows to that person, plus the parameters list pages read directly. The generation is
derandomised so CI is repeatable; set HYPOTHESIS_EXPLORE=1 to search with fresh random examples.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CAST, HIROSHIMA, build_cast, ensure_reference_data
from tests.portal.factories import sign_in
from tests.portal.test_access_matrix import TABLE as ACCESS_TABLE
from tests.portal.test_access_matrix import WORLD_BUILDERS

APPS = ("portal", "talentpool", "procurement", "council")
EXPLORE = os.environ.get("HYPOTHESIS_EXPLORE") == "1"
FUZZ = settings(
    max_examples=60 if EXPLORE else 10,
    deadline=None,
    derandomize=not EXPLORE,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ALWAYS_READ = ["page", "sort", "q", "o", "next", "format"]

NASTY = [
    "",
    "0",
    "-1",
    "9999-12",
    "10000-01",
    "2026-13",
    "0000-00",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "１２３",
    "２０２６－０４",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    '=HYPERLINK("x")',
    "\x00",
    "a\x00b",
    "\u202e",
    "\ufeff",
    "𠮷野家",
    "x" * 5000,
]
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates(min_value=__import__("datetime").date(1, 1, 1)).map(lambda d: d.isoformat()[:7]),
)


def project_patterns():
    """(name, converters) of every named URL pattern in the project's own apps."""
    found = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name and namespace in APPS:
                found.append((f"{namespace}:{entry.name}", dict(entry.pattern.converters)))

    walk(get_resolver().url_patterns, None)
    return sorted(found)


PATTERNS = project_patterns()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The access matrix's world (cast, every object its rows point at, a session per person),
    built once for the module in a transaction rolled back at its end."""
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        ensure_reference_data()
        cast = build_cast()
        objects = dict(cast)
        for build in WORLD_BUILDERS:
            objects.update(build(cast))
        clients = {}
        for actor, person in cast.items():
            client = Client()
            if person is not None:
                sign_in(client, person)
            clients[actor] = client
        real = {
            "pk": [obj.pk for obj in objects.values() if hasattr(obj, "pk") and obj.pk],
            "lg_code": [HIROSHIMA],
        }
        yield {"objects": objects, "clients": clients, "real": real}
        transaction.set_rollback(True)


@pytest.fixture
def rolled_back(db):
    """Each request of a test runs in a savepoint rolled back afterwards (a POST changes nothing)."""

    @contextmanager
    def savepoint():
        cache.clear()
        with transaction.atomic():
            yield
            transaction.set_rollback(True)

    return savepoint


def valid_kwargs(world, name: str) -> dict:
    row = ACCESS_TABLE[name]
    return row.kwargs(world["objects"]) if row.kwargs else {}


_names: dict[tuple[str, str, str], list[str]] = {}


def field_names(world, actor: str, url: str, method: str) -> list[str]:
    """Names of the fields of the page's forms of this method, as this person sees the page."""
    if (actor, url, method) not in _names:
        _names[actor, url, method] = _field_names(world["clients"][actor], url, method)
    return _names[actor, url, method]


def _field_names(client: Client, url: str, method: str) -> list[str]:
    with transaction.atomic():
        response = client.get(url)
        transaction.set_rollback(True)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    names = []
    for form in re.findall(r"<form\b[^>]*>.*?</form>", response.content.decode(), flags=re.S):
        form_method = re.search(r'method="(\w+)"', form)
        if (form_method.group(1).lower() if form_method else "get") == method:
            names += re.findall(r'name="([^"]+)"', form)
    return sorted(set(names) - {"csrfmiddlewaretoken"})


def kwargs_strategy(converters: dict, real: dict):
    parts = {}
    for name, converter in converters.items():
        if type(converter).__name__ == "IntConverter":
            parts[name] = st.one_of(
                st.sampled_from(real.get(name, real["pk"])), st.integers(min_value=0, max_value=10**25)
            )
        else:
            parts[name] = st.one_of(
                st.sampled_from(real.get(name, [HIROSHIMA])), text.filter(lambda s: s and "/" not in s)
            )
    return st.fixed_dictionaries(parts)


TRIED: dict[str, int] = {}


def assert_no_server_error(response, where: str) -> None:
    method = where.split(" ", 1)[0]
    TRIED[method] = TRIED.get(method, 0) + 1
    assert response.status_code < 500, f"{where} answered {response.status_code}"


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    total = sum(TRIED.values())
    print(
        f"\nhostile input: {len(PATTERNS)} URL patterns, {len(CAST)} people, {total} requests {TRIED}, 5xx: 0"
    )


@pytest.mark.parametrize(("name", "converters"), PATTERNS, ids=[name for name, _c in PATTERNS])
def test_junk_in_addresses_and_query_strings_never_makes_a_server_error(world, rolled_back, name, converters):
    real = world["real"]
    url = reverse(name, kwargs=valid_kwargs(world, name))
    names_by_actor = {actor: [*field_names(world, actor, url, "get"), *ALWAYS_READ] for actor in CAST}

    @FUZZ
    @given(
        actor=st.sampled_from(CAST),
        path_kwargs=kwargs_strategy(converters, real),
        values=st.lists(text, min_size=1, max_size=6),
        data=st.data(),
    )
    def fuzz(actor, path_kwargs, values, data):
        url = reverse(name, kwargs=path_kwargs)
        chosen = data.draw(st.lists(st.sampled_from(names_by_actor[actor]), min_size=1, max_size=len(values)))
        query = urlencode(list(zip(chosen, values, strict=False)))
        with rolled_back():
            response = world["clients"][actor].get(f"{url}?{query}")
        assert_no_server_error(response, f"GET {url}?{query} as {actor}")

    fuzz()


@pytest.mark.parametrize(("name", "converters"), PATTERNS, ids=[name for name, _c in PATTERNS])
def test_each_known_bad_value_in_each_parameter_never_makes_a_server_error(
    world, rolled_back, name, converters
):
    """The deterministic half: every value of NASTY in every query parameter and path part, one at a
    time, as the person who sees the most of the page's filters."""
    sample_kwargs = valid_kwargs(world, name)
    url = reverse(name, kwargs=sample_kwargs)
    names = {actor: field_names(world, actor, url, "get") for actor in CAST}
    actor = max(CAST, key=lambda a: len(names[a]))
    client = world["clients"][actor]
    for field in [*names[actor], *ALWAYS_READ]:
        for value in NASTY:
            query = urlencode({field: value})
            with rolled_back():
                response = client.get(f"{url}?{query}")
            assert_no_server_error(response, f"GET {url}?{query} as {actor}")
    for key in converters:
        for value in NASTY:
            if value and "/" not in value:
                try:
                    bad = reverse(name, kwargs={**sample_kwargs, key: value})
                except NoReverseMatch:  # the converter itself refuses it: no URL to try
                    continue
                with rolled_back():
                    response = client.get(bad)
                assert_no_server_error(response, f"GET {bad} as {actor}")


FORM_PAGES = [(name, converters) for name, converters in PATTERNS if not name.endswith(("-csv", "-json"))]


@pytest.mark.parametrize(("name", "converters"), FORM_PAGES, ids=[name for name, _c in FORM_PAGES])
def test_junk_in_every_form_field_never_makes_a_server_error(world, rolled_back, name, converters):
    url = reverse(name, kwargs=valid_kwargs(world, name))
    fields = {actor: field_names(world, actor, url, "post") for actor in CAST}
    if not any(fields.values()):
        fields = {actor: ["status", "note", "action"] for actor in CAST}  # what POST-only endpoints read

    @FUZZ
    @given(actor=st.sampled_from(CAST), data=st.data())
    def fuzz(actor, data):
        names = fields[actor] or ["status", "note"]
        form = data.draw(st.fixed_dictionaries({field: text for field in names}))
        with rolled_back():
            response = world["clients"][actor].post(url, form)
        assert_no_server_error(response, f"POST {url} {form!r} as {actor}")

    fuzz()
