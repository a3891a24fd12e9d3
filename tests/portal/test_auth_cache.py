"""The signed-in user and their roles come from the session cache, and every change is seen at once."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import auth_cache
from portal.models import Membership, Organisation, Role, User
from tests.portal.factories import PASSWORD, MembershipFactory, sign_in

BROKEN_REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
}


def dashboard_roles(client) -> list[str]:
    response = client.get("/dashboard/")
    assert response.status_code == 200
    return [m.role for m in response.wsgi_request.user.role_memberships]


def test_a_signed_in_request_reads_user_and_roles_from_the_cache(client, staff):
    sign_in(client, staff)
    client.get("/dashboard/")  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        client.get("/healthz")
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "portal_membership" not in tables
    assert '"portal_user"' not in tables


def test_the_cached_user_never_holds_the_password_hash(client, staff):
    sign_in(client, staff)
    client.get("/dashboard/")
    entry = caches["sessions"].get(auth_cache._key(staff.pk))
    assert entry is not None
    assert "password" not in entry["fields"]
    assert staff.password not in repr(entry)


def test_a_revoked_role_is_gone_on_the_next_request(client, staff):
    sign_in(client, staff)
    assert dashboard_roles(client) == [Role.MUNICIPAL_STAFF]
    Membership.objects.filter(user=staff).delete()
    assert dashboard_roles(client) == []


def test_a_granted_role_shows_on_the_next_request(client, staff):
    sign_in(client, staff)
    dashboard_roles(client)
    kure = Organisation.objects.get(lg_code="342025")
    MembershipFactory(user=staff, organisation=kure, role=Role.MUNICIPAL_STAFF)
    assert dashboard_roles(client) == [Role.MUNICIPAL_STAFF, Role.MUNICIPAL_STAFF]


def test_a_deactivated_user_is_signed_out_on_the_next_request(client, staff):
    sign_in(client, staff)
    dashboard_roles(client)
    user = User.objects.get(pk=staff.pk)
    user.is_active = False
    user.save()
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_password_change_ends_other_sessions(client, staff):
    sign_in(client, staff)
    dashboard_roles(client)
    user = User.objects.get(pk=staff.pk)
    user.set_password("an entirely new passphrase 2026")
    user.save()
    response = client.get("/dashboard/")
    assert response.status_code == 302


def test_a_renamed_organisation_is_shown_at_once(client, staff):
    sign_in(client, staff)
    dashboard_roles(client)
    town = Organisation.objects.get(lg_code="345458")
    town.name = "神石高原町（改称試験）"
    town.save()
    response = client.get("/dashboard/")
    assert "神石高原町（改称試験）" in response.content.decode()


def test_saving_the_cached_user_keeps_the_password(client, staff):
    sign_in(client, staff)
    client.get("/dashboard/")
    cached = auth_cache.load_user(staff.pk)
    assert "password" in cached.get_deferred_fields()
    cached.full_name = "名前を変えた 職員"
    cached.save()
    stored = User.objects.get(pk=staff.pk)
    assert stored.full_name == "名前を変えた 職員"
    assert stored.check_password(PASSWORD)


@pytest.mark.django_db
def test_pages_keep_working_while_the_session_cache_is_down(client, staff, settings):
    settings.CACHES = {**settings.CACHES, "sessions": BROKEN_REDIS}
    sign_in(client, staff)
    assert client.session[SESSION_KEY] == str(staff.pk)
    assert dashboard_roles(client) == [Role.MUNICIPAL_STAFF]
    client.post("/accounts/logout/")
    assert client.get("/dashboard/").status_code == 302
