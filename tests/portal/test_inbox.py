"""The inbox, its unread badge, marking read, opening a target, and the preferences page."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import Notification, NotificationPreference, Role
from portal.notifications import notify
from tests.portal.factories import sign_in


def grant_notice(user, n=1):
    return [
        notify(
            "membership.granted",
            target=user.memberships.get(),
            recipients=[user],
            context={"organisation": f"神石高原町{i}", "role": Role.MUNICIPAL_STAFF},
        )[0]
        for i in range(n)
    ]


def test_the_badge_counts_unread_and_the_inbox_groups_by_day(client, staff):
    old, _new = grant_notice(staff, 2)
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    sign_in(client, staff)
    page = client.get("/notifications/").content.decode()
    assert "未読2件" in page
    assert page.count('class="inbox-day"') == 2
    assert page.index("神石高原町1") < page.index("神石高原町0")  # newest first


def test_mark_one_and_all_read(client, staff):
    first, _second, _third = grant_notice(staff, 3)
    sign_in(client, staff)
    client.post(f"/notifications/{first.pk}/read/")
    assert Notification.objects.filter(recipient=staff, read_at__isnull=True).count() == 2
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=staff, read_at__isnull=True).exists()
    assert "未読" not in client.get("/dashboard/").content.decode().split("<main")[0]


def test_opening_marks_read_and_goes_to_the_target(client, staff):
    (notice,) = grant_notice(staff)
    sign_in(client, staff)
    response = client.get(f"/notifications/{notice.pk}/open/")
    assert response.status_code == 302
    assert response.url == "/dashboard/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_nobody_opens_or_reads_someone_elses_notification(client, staff, other_staff):
    (notice,) = grant_notice(staff)
    sign_in(client, other_staff)
    assert client.get(f"/notifications/{notice.pk}/open/").status_code == 404
    assert client.post(f"/notifications/{notice.pk}/read/").status_code == 404
    client.post("/notifications/read-all/")
    notice.refresh_from_db()
    assert notice.read_at is None


def test_preferences_are_saved_per_category_and_safety_stays_immediate(client, coordinator):
    sign_in(client, coordinator)
    page = client.get("/notifications/preferences/").content.decode()
    assert "常にすぐメールでお送りします" in page
    response = client.post(
        "/notifications/preferences/",
        {
            "language": "en",
            "membership": "digest",
            "data": "inbox",
            "account": "inbox",
            "jobs": "immediate",
            "talent": "immediate",
            "dispatch": "digest",
        },
    )
    assert response.status_code == 302
    modes = dict(NotificationPreference.objects.filter(user=coordinator).values_list("category", "mode"))
    assert modes == {
        "membership": "digest",
        "data": "inbox",
        "jobs": "immediate",
        "talent": "immediate",
        "dispatch": "digest",
    }
    coordinator.refresh_from_db()
    assert coordinator.language == "en"


def test_a_bad_preference_is_refused_with_a_message(client, coordinator):
    sign_in(client, coordinator)
    response = client.post("/notifications/preferences/", {"language": "ja", "membership": "sometimes"})
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_inbox_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    sign_in(client, staff)
    grant_notice(staff, 2)
    with CaptureQueriesContext(connection) as few:
        client.get("/notifications/")
    baseline = len(few)  # read at once: a request resets the query log
    grant_notice(staff, 25)
    with django_assert_max_num_queries(baseline):
        client.get("/notifications/")
