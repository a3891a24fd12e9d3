"""The main pages of the demo world, as the people who use them: each passes axe and works in both
languages. With SCREENSHOTS_DIR set (make screenshots) every page is saved for the README."""

from __future__ import annotations

import pytest
from django.test import Client

from portal import services
from portal.demo import seed_demo
from portal.models import AuditEvent, Invitation, Organisation, PopulationImport, RegionalFramework, User
from procurement.models import Vendor
from talentpool.models import DispatchRequest, JobPosting, SupportTheme, Talent, Training
from tests.e2e.conftest import assert_accessible, shot, untranslated_text
from tests.portal.factories import sign_in as sign_in_client

PAGES = {
    None: [
        ("home", "/"),
        ("organisations", "/organisations/?q=広島"),
        ("organisation", "/organisations/340006/"),
        ("framework", "/frameworks/340006/"),
        ("jobs", "/talent/jobs/"),
        ("job", "JOB"),
        ("login", "/accounts/login/"),
        ("privacy", "/privacy/"),
        ("accessibility", "/accessibility/"),
        ("terms", "/terms/"),
        ("contact", "/contact/"),
    ],
    "coord.hiroshima@demo.dx-portal.jp": [
        ("coordinator-dashboard", "/dashboard/"),
        ("coordinator-framework", "/frameworks/340006/"),
        ("framework-edit", "/frameworks/340006/edit/"),
        ("members", "/members/"),
        ("invite", "/invitations/new/"),
        ("population-import", "/population/import/"),
        ("population-preview", "PREVIEW"),
        ("audit", "/audit/"),
        ("mfa", "/accounts/2fa/"),
        ("pool", "/talent/pool/"),
        ("talent-new", "/talent/new/"),
        ("talent-edit-demo", "EDIT"),
        ("vendor-new", "/procurement/vendors/new/"),
        ("inbox-demo", "/notifications/"),
        ("notification-preferences-demo", "/notifications/preferences/"),
    ],
    "staff.jinseki@demo.dx-portal.jp": [
        ("staff-dashboard", "/dashboard/"),
        ("talent-search-demo", "/talent/?sort=-free"),
        ("talent-profile-demo", "TALENT"),
        ("talent-career", "CAREER"),
        ("vendors", "/procurement/vendors/"),
        ("vendor", "VENDOR"),
        ("job-new", "/talent/jobs/new/"),
    ],
    "secretariat@demo.dx-portal.jp": [("secretariat-members", "/members/")],
}
DATA = [
    "広島",
    "呉",
    "神石",
    "安芸",
    "北広島",
    "岡山",
    "愛媛",
    "埼玉",
    "新庄",
    "上島",
    "日本語",
    "DXShipひろしま",
    "地域DX推進ポータル",
]


def sign_in(context, live, email: str) -> None:
    client = Client()
    sign_in_client(client, User.objects.get(email=email))
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live.url}])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_main_pages_pass_axe_as_each_role(live, browser, language):
    seed_demo()
    coordinator = User.objects.get(email="coord.hiroshima@demo.dx-portal.jp")
    preview = services.preview_population_import(
        data=b"lg_code,population\n345458,8123\n342025,abc\n999999,10\n",
        file_name="jinko-2026.csv",
        reference_date="2026-01-01",
        prefecture=Organisation.objects.get(lg_code="340006"),
        by=coordinator,
    )
    talent = Talent.objects.filter(prefecture__lg_code="340006", status="published").first()
    placeholders = {
        "PREVIEW": f"/population/import/{preview.pk}/",
        "TALENT": f"/talent/{talent.pk}/",
        "CAREER": f"/talent/{talent.pk}/career/",
        "EDIT": f"/talent/{talent.pk}/edit/",
        "JOB": f"/talent/jobs/{JobPosting.objects.published().first().pk}/",
        "VENDOR": f"/procurement/vendors/{Vendor.objects.filter(prefecture__lg_code='340006').first().pk}/",
    }
    for email, pages in PAGES.items():
        context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
        context.add_cookies([{"name": "django_language", "value": language, "url": live.url}])
        if email:
            sign_in(context, live, email)
        page = context.new_page()
        for name, path in pages:
            path = placeholders.get(path, path)
            response = page.goto(live.url + path)
            assert response.status == 200, f"{path} as {email}: {response.status}"
            assert_accessible(page)
            shot(page, f"{name}-{language}")
            if language == "en" and not path.startswith("/accounts/"):
                assert untranslated_text(page, DATA + _names()) == [], f"{path} as {email}"
        context.close()


def _names() -> list[str]:
    """Data shown on the pages (people, organisations, frameworks), which stays as entered."""
    return [
        *User.objects.values_list("full_name", flat=True),
        *Invitation.objects.values_list("full_name", flat=True),
        *Organisation.objects.exclude(kind=Organisation.Kind.WARD).values_list("name", flat=True),
        *RegionalFramework.objects.exclude(name="").values_list("name", flat=True),
        *RegionalFramework.objects.exclude(secretariat_unit="").values_list("secretariat_unit", flat=True),
        *Organisation.objects.exclude(name_kana="").values_list("name_kana", flat=True),
        *PopulationImport.objects.values_list("file_name", flat=True),
        *AuditEvent.objects.exclude(note="").values_list("note", flat=True),
        # The audit trail keeps how its target read when the event was recorded.
        *AuditEvent.objects.values_list("target_repr", flat=True),
        # Talent pool data: names, introductions, vendors, trainings (Japanese-only data in the demo).
        *Talent.objects.values_list("display_name", flat=True),
        *Talent.objects.values_list("name_kana", flat=True),
        *Talent.objects.values_list("introduction", flat=True),
        *Talent.objects.values_list("affiliation_name", flat=True),
        *Talent.objects.values_list("languages", flat=True),
        *Vendor.objects.values_list("name", flat=True),
        *Vendor.objects.values_list("description", flat=True),
        *Training.objects.values_list("name", flat=True),
        *JobPosting.objects.values_list("title", flat=True),
        *JobPosting.objects.values_list("duties", flat=True),
        *JobPosting.objects.values_list("conditions", flat=True),
        *DispatchRequest.objects.values_list("title", flat=True),
        *SupportTheme.objects.values_list("name", flat=True),
    ]
