"""The interface works by keyboard alone: skip link, navigation, role switching, forms."""

from __future__ import annotations

import re

import pytest

from portal.models import Role
from tests.conftest import HIROSHIMA, JINSEKI, make_user, org
from tests.e2e.test_screenshots import sign_in


def focused(page) -> str:
    return page.evaluate(
        "() => (document.activeElement.id || '') + '|' + document.activeElement.textContent.trim()"
    )


@pytest.mark.django_db(transaction=True)
def test_skip_link_and_navigation_by_keyboard(live, browser):
    page = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo").new_page()
    page.goto(live.url + "/")
    page.keyboard.press("Tab")
    assert focused(page).endswith("本文へ移動")
    page.keyboard.press("Enter")
    assert focused(page).startswith("main|")
    page.reload()
    # From the top of the page, Tab through the header to the main navigation and follow a link.
    for _ in range(30):
        page.keyboard.press("Tab")
        if focused(page) == "|団体一覧":
            break
    else:
        pytest.fail("the 団体一覧 navigation link is not reachable by Tab")
    with page.expect_navigation(url=re.compile(r"/organisations/$")):
        page.keyboard.press("Enter")


@pytest.mark.django_db(transaction=True)
def test_role_switch_by_keyboard(live, browser):
    user = make_user("two@roles.test", role=Role.MUNICIPAL_STAFF, organisation=org(JINSEKI))
    user.memberships.create(organisation=org(HIROSHIMA), role=Role.TALENT)
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    sign_in(context, live, user.email)
    page = context.new_page()
    page.goto(live.url + "/dashboard/")
    assert "広島県のデジタル人材として" in page.locator("main").inner_text()
    page.locator("#role-select").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "神石高原町の市区町村職員として" in page.locator("main").inner_text()
