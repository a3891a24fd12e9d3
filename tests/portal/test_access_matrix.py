"""Every URL of the project, checked against the whole cast from a table this test owns.

A URL pattern without a row fails the test, so no new view can escape the matrix. Each (URL, person)
pair runs on fresh data, so a permitted POST cannot hide a refused one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal import services
from portal.models import FrameworkMember, RegionalFramework, Role
from portal.notifications import notify
from talentpool.jobs import JobPosting
from talentpool.models import Vendor
from tests.conftest import CAST, HIROSHIMA, JINSEKI, org
from tests.portal.access_allauth import ALLAUTH_TABLE
from tests.portal.factories import InvitationFactory, sign_in
from tests.talentpool.factories import TalentFactory

LOGIN = "login"  # a redirect to the sign-in page
ANY_REDIRECT = "redirect"

EVERYONE = dict.fromkeys(CAST, 200)
SIGNED_IN = {**dict.fromkeys(CAST, 200), "anonymous": LOGIN}


def only(allowed: dict, *, others: int | str, anonymous=LOGIN, **special) -> dict:
    return {**dict.fromkeys(CAST, others), "anonymous": anonymous, **allowed, **special}


@dataclass
class Row:
    expect: dict
    method: str = "get"
    kwargs: object = None  # a function of the world giving URL kwargs
    data: dict = field(default_factory=dict)


MANAGERS = {"coordinator": 200, "other_coordinator": 200, "secretariat": 200, "admin_user": 200}
HIROSHIMA_EDITORS = {"coordinator": 200, "admin_user": 200}
FRAMEWORK = {"lg_code": HIROSHIMA}

TABLE: dict[str, Row] = {
    "portal:home": Row(EVERYONE),
    "portal:dashboard": Row(SIGNED_IN),
    "portal:privacy": Row(EVERYONE),
    "portal:accessibility": Row(EVERYONE),
    "portal:terms": Row(EVERYONE),
    "portal:contact": Row(EVERYONE),
    "portal:role-switch": Row(
        {**dict.fromkeys(CAST, 302), "anonymous": LOGIN}, "post", data={"membership": 0}
    ),
    "portal:organisation-list": Row(EVERYONE),
    "portal:organisation-detail": Row(EVERYONE, kwargs=lambda w: {"lg_code": JINSEKI}),
    "portal:framework-detail": Row(EVERYONE, kwargs=lambda w: FRAMEWORK),
    "portal:framework-edit": Row(only(HIROSHIMA_EDITORS, others=403), kwargs=lambda w: FRAMEWORK),
    "portal:framework-status": Row(
        only({"coordinator": 302, "admin_user": 302}, others=403),
        "post",
        lambda w: FRAMEWORK,
        {"status": "building"},
    ),
    "portal:framework-member-add": Row(only(HIROSHIMA_EDITORS, others=403), kwargs=lambda w: FRAMEWORK),
    "portal:framework-member-leave": Row(
        only(HIROSHIMA_EDITORS, others=403), kwargs=lambda w: {"lg_code": HIROSHIMA, "pk": w["member"].pk}
    ),
    "portal:member-list": Row(only(MANAGERS, others=403)),
    "portal:membership-revoke": Row(
        only({"coordinator": 302, "admin_user": 302, "staff": 403}, others=404),
        "post",
        lambda w: {"pk": w["staff_membership"].pk},
    ),
    "portal:invitation-create": Row(only(MANAGERS, others=403)),
    "portal:invitation-resend": Row(
        only({"coordinator": 302, "admin_user": 302}, others=404),
        "post",
        lambda w: {"pk": w["invitation"].pk},
    ),
    "portal:invitation-revoke": Row(
        only({"coordinator": 302, "admin_user": 302}, others=404),
        "post",
        lambda w: {"pk": w["invitation"].pk},
    ),
    "portal:invitation-accept": Row(EVERYONE, kwargs=lambda w: {"token": w["token"]}),
    "portal:population-import": Row(
        only({"coordinator": 200, "other_coordinator": 200, "admin_user": 200}, others=403)
    ),
    "portal:population-import-detail": Row(
        only({"coordinator": 200, "admin_user": 200, "other_coordinator": 404}, others=403),
        kwargs=lambda w: {"pk": w["import"].pk},
    ),
    "portal:population-import-apply": Row(
        only({"coordinator": 302, "admin_user": 302, "other_coordinator": 404}, others=403),
        "post",
        lambda w: {"pk": w["import"].pk},
        {"action": "discard"},
    ),
    "portal:audit-log": Row(only(MANAGERS, others=403)),
    "portal:inbox": Row(SIGNED_IN),
    "portal:notification-open": Row(
        only({"staff": 302}, others=404), kwargs=lambda w: {"pk": w["staff_notification"].pk}
    ),
    "portal:notification-read": Row(
        only({"staff": 302}, others=404), "post", lambda w: {"pk": w["staff_notification"].pk}
    ),
    "portal:notifications-read-all": Row({**dict.fromkeys(CAST, 302), "anonymous": LOGIN}, "post"),
    "portal:notification-preferences": Row(SIGNED_IN),
    "talentpool:talent-search": Row(only({}, others=200, **{"secretariat": 403, "council_member": 403})),
    "talentpool:talent-detail": Row(
        only({"staff": 200, "coordinator": 200, "talent": 200, "admin_user": 200}, others=404),
        kwargs=lambda w: {"pk": w["talent_profile"].pk},
    ),
    "talentpool:talent-capacity": Row(
        only({"coordinator": 200, "admin_user": 200, "staff": 403, "talent": 403}, others=404),
        kwargs=lambda w: {"pk": w["talent_profile"].pk},
    ),
    "talentpool:talent-career": Row(
        only({"staff": 200, "coordinator": 200, "talent": 200, "admin_user": 200}, others=404),
        kwargs=lambda w: {"pk": w["talent_profile"].pk},
    ),
    "talentpool:job-list": Row(EVERYONE),
    "talentpool:job-export-csv": Row(EVERYONE),
    "talentpool:job-export-json": Row(EVERYONE),
    "talentpool:job-create": Row(
        only(
            {
                "staff": 200,
                "other_staff": 200,
                "coordinator": 200,
                "other_coordinator": 200,
                "admin_user": 200,
            },
            others=403,
        )
    ),
    "talentpool:job-detail": Row(
        only({"staff": 200, "coordinator": 200, "admin_user": 200}, others=404, anonymous=404),
        kwargs=lambda w: {"pk": w["draft_job"].pk},
    ),
    "talentpool:job-edit": Row(
        only({"staff": 200, "coordinator": 403, "admin_user": 200}, others=404),
        kwargs=lambda w: {"pk": w["draft_job"].pk},
    ),
    "talentpool:job-status": Row(
        only({"staff": 302, "coordinator": 302, "admin_user": 302}, others=404),
        "post",
        lambda w: {"pk": w["draft_job"].pk},
        {"status": "submitted"},
    ),
    "talentpool:vendor-list": Row(SIGNED_IN),
    "talentpool:vendor-create": Row(only(MANAGERS, others=403, secretariat=403)),
    "talentpool:vendor-detail": Row(SIGNED_IN, kwargs=lambda w: {"pk": w["vendor"].pk}),
    "talentpool:vendor-edit": Row(
        only({"coordinator": 200, "admin_user": 200}, others=403), kwargs=lambda w: {"pk": w["vendor"].pk}
    ),
    # The profile has no photo: 404 for everyone (serving is tested in test_photos_and_markdown).
    "talentpool:talent-photo": Row(only({}, others=404), kwargs=lambda w: {"pk": w["talent_profile"].pk}),
    "talentpool:pool-list": Row(only(MANAGERS, others=403, secretariat=403)),
    "talentpool:talent-create": Row(only(MANAGERS, others=403, secretariat=403)),
    "talentpool:talent-edit": Row(
        only({"coordinator": 200, "admin_user": 200, "staff": 403, "talent": 403}, others=404),
        kwargs=lambda w: {"pk": w["talent_profile"].pk},
    ),
    "talentpool:talent-status": Row(
        only({"coordinator": 302, "admin_user": 302, "staff": 403, "talent": 403}, others=404),
        "post",
        lambda w: {"pk": w["talent_profile"].pk},
        {"status": "draft"},
    ),
    "healthz": Row(EVERYONE),
    "set_language": Row(dict.fromkeys(CAST, 302), "post", data={"language": "en", "next": "/"}),
}


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
    missing = [name for name in project_url_names() if name not in TABLE and name not in ALLAUTH_TABLE]
    assert missing == [], f"URLs without a row in the access matrix: {missing}"


@pytest.fixture
def world(cast):
    coordinator = cast["coordinator"]
    framework = RegionalFramework.objects.get(prefecture__lg_code=HIROSHIMA)
    member = FrameworkMember.objects.create(
        framework=framework, municipality=org(JINSEKI), joined_on="2025-04-01"
    )
    invitation = InvitationFactory(email="invitee@jinseki.test", invited_by=coordinator)
    token = invitation.token
    population_import = services.preview_population_import(
        data=f"lg_code,population\n{JINSEKI},8000\n".encode(),
        file_name="p.csv",
        reference_date="2026-01-01",
        prefecture=org(HIROSHIMA),
        by=coordinator,
    )
    return {
        **cast,
        "member": member,
        "invitation": invitation,
        "token": token,
        "import": population_import,
        "staff_membership": cast["staff"].memberships.get(),
        "talent_profile": TalentFactory(),
        "draft_job": JobPosting.objects.create(
            organisation=org(JINSEKI),
            title="DX推進アドバイザー",
            duties="計画",
            conditions="週1日",
            appointment=JobPosting.Appointment.PART_TIME,
            created_by=cast["staff"],
        ),
        "vendor": Vendor.objects.create(
            prefecture=org(HIROSHIMA), name="試験ベンダー", kind=Vendor.Kind.VENDOR
        ),
        "staff_notification": notify(
            "membership.granted",
            target=cast["staff"].memberships.get(),
            recipients=[cast["staff"]],
            context={"organisation": "神石高原町", "role": Role.MUNICIPAL_STAFF},
        )[0],
    }


def check(client, world, name: str, row: Row, actor: str) -> None:
    person = world[actor]
    if person is not None:
        sign_in(client, person)
    url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
    response = getattr(client, row.method)(url, row.data)
    expected = row.expect[actor]
    where = f"{row.method.upper()} {url} as {actor}"
    if expected == LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}, expected a sign-in redirect"
        assert response["Location"].startswith(reverse("account_login")), (
            f"{where}: to {response['Location']}"
        )
    elif expected == ANY_REDIRECT:
        assert response.status_code == 302, f"{where}: {response.status_code}"
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}, expected {expected}"


@pytest.mark.parametrize("actor", CAST)
@pytest.mark.parametrize("name", sorted(TABLE))
def test_portal_url_access(client, world, name, actor):
    check(client, world, name, TABLE[name], actor)


def test_django_admin_is_for_site_admins_only(client, cast):
    from django.contrib import admin

    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
    for actor in CAST:
        client.logout()
        if cast[actor] is not None:
            sign_in(client, cast[actor])
        for url in urls:
            status = client.get(url).status_code
            if actor == "admin_user":
                assert status == 200, f"{url} as admin: {status}"
            else:
                assert status == 302, f"{url} as {actor}: {status}"


@pytest.mark.parametrize("actor", CAST)
@pytest.mark.parametrize("name", sorted(ALLAUTH_TABLE))
def test_account_url_access(client, cast, name, actor):
    expect, kwargs = ALLAUTH_TABLE[name]
    check(client, cast, name, Row(expect, kwargs=(lambda w: kwargs) if kwargs else None), actor)
