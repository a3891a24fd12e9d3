"""Every page of the demo, as every demo role, on a phone (390 px) in both languages: no sideways
scrolling, no failing sub-resource, no console error, one current menu item, and axe (WCAG 2.1 A/AA
plus `region`) clean. The demo world is built once; each role gets one browser context."""

from __future__ import annotations

import datetime

import pytest

from council import services as council_services
from council.models import Body, Candidate, Meeting, OpinionRequest
from portal import services
from portal.dates import today
from portal.demo import seed_demo
from portal.models import Organisation, User
from procurement.models import Project, StagePlan, System, Vendor
from procurement.services import contracts, projects
from talentpool.models import DispatchProgramme, DispatchRequest, FollowUpSurvey, JobPosting, Talent
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.test_screenshots import sign_in
from tests.procurement.factories import make_completed, make_project, open_survey, set_visibility

PHONE = {"width": 390, "height": 844}
SIMULATION = (
    "total_amount=1200000&unit=1000&equal_weight=20&population_weight=80&volume_weight=0"
    "&population_exponent=0.585&volume_measure=accounts"
)

PAGES: dict[str | None, list[str]] = {
    None: [
        "/",
        "/organisations/?q=広島",
        "/organisations/340006/",
        "/organisations/345458/",
        "/frameworks/340006/",
        "/talent/jobs/",
        "JOB",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/privacy/",
        "/accessibility/",
        "/terms/",
        "/contact/",
        "/council/",
        "/council/search/?q=情報",
        "COUNCIL_BODY",
        "PUBLIC_MEETING",
        "COUNCIL_SUBSCRIBE",
        "CANDIDATES",
        "CANDIDATE_ROUTED",
        "/procurement/",
        "/procurement/open-data/",
    ],
    # The second secretariat member approves what the first prepared.
    "secretariat2@demo.dx-portal.jp": ["/dashboard/", "PENDING_MEETING"],
    "coord.hiroshima@demo.dx-portal.jp": [
        "/dashboard/",
        "/frameworks/340006/",
        "/frameworks/340006/edit/",
        "/organisations/345458/dx-staff/",
        "/members/",
        "/invitations/new/",
        "/population/import/",
        "PREVIEW",
        "/audit/",
        "/accounts/2fa/",
        "/accounts/email/",
        "/talent/pool/",
        "/talent/new/",
        "TALENT",
        "EDIT",
        "CAPACITY",
        "/procurement/vendors/new/",
        "/notifications/",
        "/notifications/preferences/",
        "/talent/dispatch/",
        "/talent/dispatch/load/",
        "/talent/dispatch/unsupported/",
        "DISPATCH",
        "DISPATCH_FORM",
        "/talent/programmes/",
        "PROGRAMME",
        "/procurement/",
        "/procurement/new/",
        "PROJECT",
        "PROJECT_SURVEY",
        "PROJECT_COSTS",
        "PROJECT_REQUIREMENTS",
        "PROJECT_QUESTIONS",
        "DONE_MATRIX",
        "DONE_SPECIFICATION",
        "DONE_DOCUMENTS",
        "DONE_SIMULATOR",
        "DONE_SHEET",
        "DONE_CONTRACT",
        "RUNNING_MEETINGS",
        "RUNNING_MEETING_FORM",
        "/procurement/library/",
        "/procurement/open-data/",
        "/procurement/systems/",
        "/procurement/systems/prefectures/340006/",
        "SYSTEM",
    ],
    "approver.hiroshima@demo.dx-portal.jp": [
        "/dashboard/",
        "/talent/jobs/",
        "/talent/",
        "/talent/dispatch/",
        "DISPATCH",
        "PROGRAMME",
    ],
    "staff.jinseki@demo.dx-portal.jp": [
        "/dashboard/",
        "/talent/?sort=-free",
        "/talent/?role=&min_level=2",
        "TALENT",
        "CAREER",
        "/procurement/vendors/",
        "VENDOR",
        "/talent/jobs/",
        "/talent/jobs/new/",
        "/talent/dispatch/",
        "/talent/dispatch/new/",
        "DISPATCH",
        "DISPATCH_FORM",
        "FOLLOW_UP",
        "/procurement/",
        "PROJECT",
        "ANSWER",
        "DONE",
        "DONE_SPECIFICATION",
        "DONE_DOCUMENTS",
        "DONE_SHEET",
        "RUNNING_MEETINGS",
        "/procurement/library/",
        "/procurement/systems/?kind=standard",
        "SYSTEM",
    ],
    "talent.sato@demo.dx-portal.jp": [
        "/dashboard/",
        "OWN",
        "OWN_CAPACITY",
        "OWN_CAREER",
        "OWN_EDIT",
        "/talent/dispatch/",
    ],
    "approver.jinseki@demo.dx-portal.jp": ["/dashboard/", "/talent/jobs/"],
    "secretariat@demo.dx-portal.jp": [
        "/dashboard/",
        "/members/",
        "/invitations/new/",
        "/council/",
        "/council/search/?q=情報&kind=material",
        "COUNCIL_BODY",
        "COUNCIL_MEETINGS",
        "MINUTES",
        "OPINION",
        "CANDIDATES",
        "CANDIDATE_POLICY",
        "CANDIDATE_ROUTED",
        "CANDIDATE_NEW",
        "SUBSTITUTE_NEW",
    ],
    "member.digital@demo.dx-portal.jp": ["/dashboard/", "/notifications/", "COUNCIL_MEETINGS", "MINUTES"],
}


# Saved for the README when SCREENSHOTS_DIR is set (make screenshots).
PHONE_SHOTS = {"/talent/jobs/": "phone-jobs"}


def placeholders() -> dict[str, str]:
    coordinator = User.objects.get(email="coord.hiroshima@demo.dx-portal.jp")
    preview = services.preview_population_import(
        data=b"lg_code,population\n345458,8123\n342025,\n999999,10\n",
        file_name="jinko-2026.csv",
        reference_date="2026-01-01",
        prefecture=Organisation.objects.get(lg_code="340006"),
        by=coordinator,
    )
    talent = Talent.objects.filter(prefecture__lg_code="340006", status="published").first()
    # Joint procurement has no demo data: one project, its survey open for two municipalities …
    project = open_survey(make_project(coordinator, title="電子申請システムの共同調達（デモ）"), coordinator)
    answer = project.participants.get(municipality__lg_code="345458")
    # And one 神石高原町 joined, carried to its contract: requirements decided, specification v2, award.
    done = make_completed(
        coordinator,
        User.objects.get(email="staff.jinseki@demo.dx-portal.jp"),
        User.objects.get(email="approver.jinseki@demo.dx-portal.jp"),
        title="チャットツールの共同調達（デモ）",
        code="345458",
    )
    # … and one in operation, with a participants' meeting on its log.
    running = make_completed(
        coordinator,
        User.objects.get(email="staff.jinseki@demo.dx-portal.jp"),
        User.objects.get(email="approver.jinseki@demo.dx-portal.jp"),
        title="文書管理システムの共同調達（デモ）",
        code="345458",
    )
    running = projects.change_project_stage(project=running, stage="operation", by=coordinator)
    contracts.record_meeting(
        project=running, held_on=datetime.date(2027, 1, 15), title="第1回運用会議",
        minutes="障害の報告と対応を共有した。", attendees=running.participants.all(), by=coordinator,
    )  # fmt: skip
    system = System.objects.get(name="住民基本台帳システム（標準準拠）")
    Project.objects.filter(pk=done.pk).update(system=system)  # its participant shows as a user
    tender = open_survey(
        make_project(coordinator, title="公共施設予約システムの共同調達（デモ）"), coordinator
    )
    for stage in Project.ORDER[2:6]:
        tender = projects.change_project_stage(project=tender, stage=stage, by=coordinator)
    set_visibility(tender, "public")
    Project.objects.filter(pk=tender.pk).update(questions_close_on=today() + datetime.timedelta(days=7))
    body = Body.objects.order_by("pk").first()
    meetings = Meeting.objects.filter(body=body).order_by("number")
    # The candidate routed to joint procurement links the completed project (public once done).
    StagePlan.objects.update_or_create(project=done, stage=done.status, defaults={"visibility": "public"})
    routed = Candidate.objects.get(status="joint_procurement")
    council_services.link_project(
        candidate=routed, by=User.objects.get(email="secretariat@demo.dx-portal.jp"), project_id=done.pk
    )
    public = meetings.filter(status__in=["announced", "held", "minutes_published"]).first()
    held = meetings.filter(minutes__isnull=False).first()
    # One the prefecture already handles (a draft is the municipality's alone).
    dispatch = (
        DispatchRequest.objects.filter(municipality__lg_code="345458")
        .exclude(status__in=["draft", "submitted", "withdrawn"])
        .order_by("pk")
        .first()
    )
    own = Talent.objects.get(user__email="talent.sato@demo.dx-portal.jp")
    return {
        "PREVIEW": f"/population/import/{preview.pk}/",
        "TALENT": f"/talent/{talent.pk}/",
        "CAREER": f"/talent/{talent.pk}/career/",
        "EDIT": f"/talent/{talent.pk}/edit/",
        "CAPACITY": f"/talent/{talent.pk}/capacity/",
        "OWN": f"/talent/{own.pk}/",
        "OWN_CAPACITY": f"/talent/{own.pk}/capacity/",
        "OWN_CAREER": f"/talent/{own.pk}/career/",
        "OWN_EDIT": f"/talent/{own.pk}/edit/",
        "JOB": f"/talent/jobs/{JobPosting.objects.published().first().pk}/",
        "VENDOR": f"/procurement/vendors/{Vendor.objects.filter(prefecture__lg_code='340006').first().pk}/",
        "DISPATCH": f"/talent/dispatch/{dispatch.pk}/",
        "DISPATCH_FORM": f"/talent/dispatch/{dispatch.pk}/forms/request/",
        "FOLLOW_UP": f"/talent/dispatch/{FollowUpSurvey.objects.get().assignment.request_id}/follow-up/",
        "PROGRAMME": f"/talent/programmes/{DispatchProgramme.objects.order_by('pk').first().pk}/",
        "PROJECT": f"/procurement/{project.pk}/",
        "PROJECT_SURVEY": f"/procurement/{project.pk}/survey/",
        "PROJECT_COSTS": f"/procurement/{project.pk}/costs/",
        "PROJECT_REQUIREMENTS": f"/procurement/{project.pk}/requirements/",
        "PROJECT_QUESTIONS": f"/procurement/{project.pk}/questions/",
        "ANSWER": f"/procurement/answers/{answer.pk}/",
        "DONE": f"/procurement/{done.pk}/",
        "DONE_MATRIX": f"/procurement/{done.pk}/requirements/matrix/",
        "DONE_SPECIFICATION": f"/procurement/{done.pk}/specification/",
        "DONE_DOCUMENTS": f"/procurement/{done.pk}/documents/",
        "DONE_SIMULATOR": f"/procurement/{done.pk}/costs/simulator/?{SIMULATION}",
        "DONE_SHEET": f"/procurement/{done.pk}/costs/sheet/345458/",
        "DONE_CONTRACT": f"/procurement/{done.pk}/contracts/new/",
        "RUNNING_MEETINGS": f"/procurement/{running.pk}/meetings/",
        "RUNNING_MEETING_FORM": f"/procurement/{running.pk}/meetings/new/",
        "SYSTEM": f"/procurement/systems/{system.pk}/",
        "VENDOR_QUESTIONS": f"/procurement/{tender.pk}/vendor-questions/",
        "COUNCIL_BODY": f"/council/bodies/{body.pk}/",
        "COUNCIL_MEETINGS": f"/council/meetings/{meetings.first().pk}/",
        "PUBLIC_MEETING": f"/council/meetings/{public.pk}/",
        "MINUTES": f"/council/meetings/{held.pk}/minutes/",
        "COUNCIL_SUBSCRIBE": f"/council/bodies/{body.pk}/subscribe/",
        "PENDING_MEETING": f"/council/meetings/{meetings.get(status='pending_approval').pk}/",
        "CANDIDATES": f"/council/bodies/{body.pk}/candidates/",
        "CANDIDATE_NEW": f"/council/bodies/{body.pk}/candidates/new/",
        "CANDIDATE_ROUTED": f"/council/candidates/{routed.pk}/",
        "CANDIDATE_POLICY": f"/council/candidates/{Candidate.objects.get(status='policy').pk}/",
        "SUBSTITUTE_NEW": f"/council/members/{body.members.order_by('pk').first().pk}/substitutes/add/",
        "OPINION": f"/council/opinions/{OpinionRequest.objects.order_by('pk').first().pk}/",
    }


@pytest.mark.django_db(transaction=True)
def test_every_demo_page_fits_a_phone_loads_cleanly_and_passes_axe_in_both_languages(live, browser):
    seed_demo()
    urls = placeholders()
    problems: list[str] = []
    for email, pages in PAGES.items():
        context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", viewport=PHONE)
        if email:
            sign_in(context, live, email)
        page = context.new_page()
        failures = watch(page)
        for language in ("ja", "en"):
            context.add_cookies([{"name": "django_language", "value": language, "url": live.url}])
            for name in pages:
                path = urls.get(name, name)
                where = f"{path} ({language}) as {email or 'anonymous'}"
                failures.clear()
                response = page.goto(live.url + path)
                page.wait_for_load_state("load")
                if response.status != 200:
                    problems.append(f"{where}: status {response.status}")
                width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                if width[0] > width[1]:
                    wide = page.evaluate(WIDEST)
                    problems.append(f"{where}: {width[0]} px wide at {width[1]} px; widest: {wide}")
                current = page.locator(".global-nav [aria-current=page]").count()
                if current > 1:
                    problems.append(f"{where}: {current} current menu items")
                problems += [f"{where}: {failure}" for failure in failures]
                if name in PHONE_SHOTS and email is None and language == "ja":
                    shot(page, f"{PHONE_SHOTS[name]}-{language}")
                try:
                    assert_accessible(page)
                except AssertionError as error:
                    problems.append(f"{where}: {error}")
        context.close()
    assert problems == [], "\n".join(problems)


def watch(page) -> list[str]:
    """A list that collects every failing sub-resource, console error and script error of the page."""
    failures: list[str] = []

    def on_response(response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            failures.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    page.on("requestfailed", lambda request: failures.append(f"failed {request.url}"))
    page.on("console", lambda message: message.type == "error" and failures.append(message.text))
    page.on("pageerror", lambda error: failures.append(str(error)))
    return failures


WIDEST = """() => [...document.querySelectorAll('main *, header *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 4).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
