"""Access rows for the spine's pages (portal, health, language), part of the access matrix.

Also the vocabulary every app's table uses: a Row is a URL name's method, URL kwargs, posted data and
the expected outcome for each member of the cast. `build_world` makes the objects these rows point at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal import services
from portal.models import FrameworkMember, RegionalFramework, Role
from portal.notifications import notify
from tests.conftest import CAST, HIROSHIMA, JINSEKI, org
from tests.portal.factories import InvitationFactory

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
    # A municipality's DX staff count: whoever manages its members (its prefecture's coordinator).
    "portal:organisation-dx-staff": Row(
        only(HIROSHIMA_EDITORS, others=403), kwargs=lambda w: {"lg_code": JINSEKI}
    ),
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
    "healthz": Row(EVERYONE),
    "set_language": Row(dict.fromkeys(CAST, 302), "post", data={"language": "en", "next": "/"}),
}


def build_world(cast: dict) -> dict:
    """What the portal's rows point at: a framework member, an invitation, an import, a notification."""
    coordinator = cast["coordinator"]
    framework = RegionalFramework.objects.get(prefecture__lg_code=HIROSHIMA)
    invitation = InvitationFactory(email="invitee@jinseki.test", invited_by=coordinator)
    return {
        "member": FrameworkMember.objects.create(
            framework=framework, municipality=org(JINSEKI), joined_on="2025-04-01"
        ),
        "invitation": invitation,
        "token": invitation.token,
        "import": services.preview_population_import(
            data=f"lg_code,population\n{JINSEKI},8000\n".encode(),
            file_name="p.csv",
            reference_date="2026-01-01",
            prefecture=org(HIROSHIMA),
            by=coordinator,
        ),
        "staff_membership": cast["staff"].memberships.get(),
        "staff_notification": notify(
            "membership.granted",
            target=cast["staff"].memberships.get(),
            recipients=[cast["staff"]],
            context={"organisation": "神石高原町", "role": Role.MUNICIPAL_STAFF},
        )[0],
    }
