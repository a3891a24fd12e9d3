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
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import services as portal_services
from talentpool import services as talent_services
from talentpool.jobs import JobPosting
from talentpool.models import Talent, Vendor
from tests.conftest import CAST, HIROSHIMA, JINSEKI, org
from tests.portal.factories import InvitationFactory, sign_in
from tests.talentpool.factories import TalentFactory

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


@pytest.fixture
def world(cast):
    coordinator, staff, approver = cast["coordinator"], cast["staff"], cast["approver"]
    talent = TalentFactory(status=Talent.Status.PUBLISHED)
    job = JobPosting(
        organisation=org(JINSEKI), title="求人", duties="業務", conditions="条件", appointment="part_time"
    )
    talent_services.save_job_posting(posting=job, roles=[], by=staff)
    talent_services.change_job_status(posting=job, status=JobPosting.Status.SUBMITTED, by=staff)
    talent_services.change_job_status(posting=job, status=JobPosting.Status.PUBLISHED, by=approver)
    population_import = portal_services.preview_population_import(
        data=f"lg_code,population\n{JINSEKI},8000\n".encode(),
        file_name="p.csv",
        reference_date="2026-01-01",
        prefecture=org(HIROSHIMA),
        by=coordinator,
    )
    real = {
        "pk": [
            talent.pk,
            job.pk,
            population_import.pk,
            InvitationFactory(invited_by=coordinator).pk,
            Vendor.objects.create(prefecture=org(HIROSHIMA), name="ベンダー", kind=Vendor.Kind.VENDOR).pk,
            cast["staff"].memberships.get().pk,
        ],
        "lg_code": [HIROSHIMA, JINSEKI],
    }
    clients = {}
    for actor in CAST:
        client = Client()
        if cast[actor] is not None:
            sign_in(client, cast[actor])
        clients[actor] = client
    return {"real": real, "clients": clients}


def field_names(client: Client, url: str, method: str) -> list[str]:
    """Names of the fields of the page's forms of this method, as this person sees the page."""
    response = client.get(url)
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


def assert_no_server_error(response, where: str) -> None:
    assert response.status_code < 500, f"{where} answered {response.status_code}"


@pytest.mark.parametrize(("name", "converters"), PATTERNS, ids=[name for name, _c in PATTERNS])
def test_junk_in_addresses_and_query_strings_never_makes_a_server_error(world, name, converters):
    real = world["real"]
    sample_kwargs = {key: real.get(key, real["pk"])[0] for key in converters}
    names_by_actor = {
        actor: [*field_names(client, reverse(name, kwargs=sample_kwargs), "get"), *ALWAYS_READ]
        for actor, client in world["clients"].items()
    }

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
        response = world["clients"][actor].get(f"{url}?{query}")
        assert_no_server_error(response, f"GET {url}?{query} as {actor}")

    fuzz()


@pytest.mark.parametrize(("name", "converters"), PATTERNS, ids=[name for name, _c in PATTERNS])
def test_each_known_bad_value_in_each_parameter_never_makes_a_server_error(world, name, converters):
    """The deterministic half: every value of NASTY in every query parameter and path part, one at a
    time, as the person who sees the most of the page's filters."""
    real = world["real"]
    sample_kwargs = {key: real.get(key, real["pk"])[0] for key in converters}
    url = reverse(name, kwargs=sample_kwargs)
    names = {actor: field_names(client, url, "get") for actor, client in world["clients"].items()}
    actor = max(CAST, key=lambda a: len(names[a]))
    client = world["clients"][actor]
    for field in [*names[actor], *ALWAYS_READ]:
        for value in NASTY:
            query = urlencode({field: value})
            assert_no_server_error(client.get(f"{url}?{query}"), f"GET {url}?{query} as {actor}")
    for key in converters:
        for value in NASTY:
            if value and "/" not in value:
                try:
                    bad = reverse(name, kwargs={**sample_kwargs, key: value})
                except NoReverseMatch:  # the converter itself refuses it: no URL to try
                    continue
                assert_no_server_error(client.get(bad), f"GET {bad} as {actor}")


FORM_PAGES = [(name, converters) for name, converters in PATTERNS if not name.endswith(("-csv", "-json"))]


@pytest.mark.parametrize(("name", "converters"), FORM_PAGES, ids=[name for name, _c in FORM_PAGES])
def test_junk_in_every_form_field_never_makes_a_server_error(world, name, converters):
    real = world["real"]
    sample_kwargs = {key: real.get(key, real["pk"])[0] for key in converters}
    url = reverse(name, kwargs=sample_kwargs)
    fields = {actor: field_names(client, url, "post") for actor, client in world["clients"].items()}
    if not any(fields.values()):
        fields = {actor: ["status", "note", "action"] for actor in CAST}  # what POST-only endpoints read

    @FUZZ
    @given(actor=st.sampled_from(CAST), data=st.data())
    def fuzz(actor, data):
        names = fields[actor] or ["status", "note"]
        form = data.draw(st.fixed_dictionaries({field: text for field in names}))
        response = world["clients"][actor].post(url, form)
        assert_no_server_error(response, f"POST {url} {form!r} as {actor}")

    fuzz()
