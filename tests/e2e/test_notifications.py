"""The unread badge, the inbox, mark-all-read and the preferences page, by keyboard, with axe."""

from __future__ import annotations

import pytest

from portal.models import NotificationPreference, Role
from portal.notifications import notify
from tests.conftest import HIROSHIMA, make_user, org
from tests.e2e.conftest import assert_accessible, shot, untranslated_text
from tests.e2e.test_screenshots import sign_in

TEXT = {
    "ja": {
        "badge": "未読3件",
        "inbox": "通知",
        "all_read": "すべて既読にする",
        "settings": "受け取り方の設定",
        "saved": "通知の受け取り方を保存しました。",
        "digest": "毎朝8時のまとめメールで受け取る",
        "save": "保存する",
    },
    "en": {
        "badge": "3 unread",
        "inbox": "Notifications",
        "all_read": "Mark all as read",
        "settings": "Notification settings",
        "saved": "Your notification settings have been saved.",
        "digest": "In one digest email every morning at 8:00",
        "save": "Save",
    },
}


def tab_to(page, name: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate("() => document.activeElement.innerText || document.activeElement.value || ''")
        if label.strip().startswith(name):
            return
    pytest.fail(f"{name!r} is not reachable by Tab")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_inbox_and_preferences_by_keyboard(live, browser, language):
    text = TEXT[language]
    user = make_user(
        "coord@hiroshima.test",
        name="広島 担当",
        role=Role.PREFECTURE_COORDINATOR,
        organisation=org(HIROSHIMA),
        mfa=True,
    )
    for i in range(3):
        notify(
            "membership.granted",
            target=user.memberships.get(),
            recipients=[user],
            context={"organisation": f"広島県{i}", "role": Role.PREFECTURE_COORDINATOR},
        )
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    context.add_cookies([{"name": "django_language", "value": language, "url": live.url}])
    sign_in(context, live, user.email)
    page = context.new_page()
    page.goto(live.url + "/dashboard/")
    assert text["badge"] in page.locator("header").inner_text()

    tab_to(page, text["inbox"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    shot(page, f"inbox-{language}")
    if language == "en":
        assert (
            untranslated_text(page, ["広島 担当", "広島県0", "広島県1", "広島県2", "広島県", "日本語"]) == []
        )
    tab_to(page, text["all_read"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert text["badge"] not in page.locator("header").inner_text()
    assert_accessible(page)

    tab_to(page, text["settings"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    shot(page, f"notification-preferences-{language}")
    page.get_by_label(text["digest"]).first.focus()
    page.keyboard.press("Space")
    tab_to(page, text["save"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert text["saved"] in page.locator(".messages").inner_text()
    assert_accessible(page)
    assert NotificationPreference.objects.get(user=user, category="membership").mode == "digest"
