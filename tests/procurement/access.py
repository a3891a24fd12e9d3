"""Access rows for joint procurement's pages, part of the access matrix (test_access_matrix.py)."""

from __future__ import annotations

import atexit
import datetime

from django.core.files.storage import default_storage

from portal.dates import today
from procurement.models import Participant, Project, System, Vendor
from procurement.services import catalogue, costs, documents, projects, questions, requirements, surveys
from tests.conftest import HIROSHIMA, JINSEKI, org
from tests.portal.access import EVERYONE, MANAGERS, SIGNED_IN, Row, only
from tests.procurement.factories import ANSWER, join, make_project, open_survey, participant, set_visibility

# 広島県's coordinators lead; its approver reads along; 神石高原町 (staff, approver) is invited.
LEAD = {"coordinator": 200, "admin_user": 200}
READERS = {**LEAD, "prefecture_approver": 200, "staff": 200, "approver": 200}
NOT_MANAGERS = {"prefecture_approver": 403, "staff": 403, "approver": 403}


def _pk(name):
    return lambda w: {"pk": w[name].pk}


def _sheet(w):
    return {"pk": w["requirements_project"].pk, "lg_code": JINSEKI}


TABLE: dict[str, Row] = {
    "procurement:project-list": Row(EVERYONE),
    "procurement:open-data": Row(EVERYONE),
    "procurement:open-data-json": Row(EVERYONE),
    "procurement:open-data-csv": Row(EVERYONE),
    "procurement:project-create": Row(only(MANAGERS, others=403)),
    "procurement:project-detail": Row(only(READERS, others=404, anonymous=404), kwargs=_pk("survey_project")),
    "procurement:project-edit": Row(only({**LEAD, **NOT_MANAGERS}, others=404), kwargs=_pk("survey_project")),
    "procurement:project-stages": Row(
        only({**LEAD, **NOT_MANAGERS}, others=404), kwargs=_pk("survey_project")
    ),
    "procurement:project-status": Row(
        only({"coordinator": 302, "admin_user": 302, **NOT_MANAGERS}, others=404),
        "post",
        _pk("survey_project"),
        {"status": "requirements"},
    ),
    "procurement:survey-open": Row(
        only({**LEAD, "prefecture_approver": 403}, others=404), kwargs=_pk("planning_project")
    ),
    "procurement:participant-answer": Row(
        only(
            {
                "staff": 200,
                "approver": 403,
                "coordinator": 403,
                "prefecture_approver": 403,
                "admin_user": 403,
            },
            others=404,
        ),
        kwargs=_pk("invited_answer"),
    ),
    "procurement:participant-status": Row(
        only(
            {
                "approver": 302,
                "staff": 403,
                "coordinator": 403,
                "prefecture_approver": 403,
                "admin_user": 403,
            },
            others=404,
        ),
        "post",
        _pk("submitted_answer"),
        {"status": Participant.Status.CONFIRMED},
    ),
    "procurement:requirement-list": Row(only(READERS, others=404), kwargs=_pk("requirements_project")),
    "procurement:requirement-create": Row(
        only({"coordinator": 302, "admin_user": 302, **NOT_MANAGERS}, others=404),
        "post",
        _pk("requirements_project"),
        {"section": "申請", "text": "オンライン決済に対応する"},
    ),
    "procurement:requirement-vote": Row(
        only(
            {
                "staff": 302,
                "approver": 302,
                "coordinator": 403,
                "prefecture_approver": 403,
                "admin_user": 403,
            },
            others=404,
        ),
        "post",
        _pk("requirements_project"),
        {},
    ),
    "procurement:requirement-matrix": Row(
        only({**LEAD, "prefecture_approver": 200, "staff": 403, "approver": 403}, others=404),
        kwargs=_pk("requirements_project"),
    ),
    "procurement:requirement-decide": Row(
        only({"coordinator": 302, "admin_user": 302, **NOT_MANAGERS}, others=404),
        "post",
        _pk("requirement"),
        {"status": "adopted", "note": "全団体が必須としたため"},
    ),
    # An item is still undecided: asking for approval is refused as a message, still a redirect.
    "procurement:consolidation-status": Row(
        only(
            {
                "coordinator": 302,
                "admin_user": 302,
                "prefecture_approver": 302,
                "staff": 403,
                "approver": 403,
            },
            others=404,
        ),
        "post",
        _pk("requirements_project"),
        {"status": "submitted"},
    ),
    "procurement:specification": Row(only(READERS, others=404), kwargs=_pk("requirements_project")),
    "procurement:library": Row(SIGNED_IN),
    "procurement:document-list": Row(only(READERS, others=404), kwargs=_pk("requirements_project")),
    "procurement:document-create": Row(
        only({"coordinator": 302, "admin_user": 302, **NOT_MANAGERS}, others=404),
        "post",
        _pk("requirements_project"),
        {"kind": "specification", "title": "仕様書"},  # no file: refused as a message, still a redirect
    ),
    "procurement:document-version-create": Row(
        only({"coordinator": 302, "admin_user": 302, **NOT_MANAGERS}, others=404),
        "post",
        _pk("document"),
        {"change_note": "訂正"},
    ),
    "procurement:document-share": Row(
        only({"coordinator": 302, "admin_user": 302, **NOT_MANAGERS}, others=404),
        "post",
        _pk("document"),
        {"shareable": "on"},
    ),
    "procurement:document-file": Row(
        only(READERS, others=404), kwargs=lambda w: {"pk": w["document"].pk, "number": 1}
    ),
    "procurement:question-list": Row(
        only(READERS, others=404, anonymous=404), kwargs=_pk("requirements_project")
    ),
    "procurement:question-create": Row(
        only(
            {
                "staff": 302,
                "approver": 302,
                "coordinator": 403,
                "prefecture_approver": 403,
                "admin_user": 403,
            },
            others=404,
        ),
        "post",
        _pk("requirements_project"),
        {"text": "既存システムからのデータ移行は含まれますか"},
    ),
    # The vendors' public form, during a public tender stage: anyone, no account.
    "procurement:vendor-question-form": Row(EVERYONE, kwargs=_pk("tender_project")),
    "procurement:vendor-question-create": Row(
        dict.fromkeys(EVERYONE, 302),
        "post",
        _pk("tender_project"),
        {
            "vendor_name": "株式会社テスト",
            "vendor_email": "sales@example.co.jp",
            "text": "移行は含まれますか",
        },
    ),
    "procurement:question-answer": Row(
        only({"coordinator": 302, "admin_user": 302, **NOT_MANAGERS}, others=404),
        "post",
        _pk("question"),
        {"answer": "含まれます"},  # without the form prefix: refused as a message, still a redirect,
    ),
    "procurement:question-publish": Row(
        only({"coordinator": 302, "admin_user": 302, **NOT_MANAGERS}, others=404),
        "post",
        _pk("requirements_project"),
    ),
    "procurement:system-list": Row(SIGNED_IN),
    "procurement:system-detail": Row(SIGNED_IN, kwargs=_pk("system")),
    # Without a municipality chosen the form is refused as a message, still a redirect.
    "procurement:system-use-create": Row(
        only({"staff": 302, "approver": 302, "other_staff": 302}, others=403), "post", _pk("system")
    ),
    "procurement:system-use-end": Row(
        only({"staff": 302, "approver": 302}, others=404), "post", _pk("system_use")
    ),
    "procurement:prefecture-systems": Row(
        only({"coordinator": 200, "admin_user": 200}, others=403), kwargs=lambda w: {"lg_code": HIROSHIMA}
    ),
    "procurement:award-edit": Row(only({**LEAD, **NOT_MANAGERS}, others=404), kwargs=_pk("survey_project")),
    "procurement:contract-create": Row(
        only({**LEAD, **NOT_MANAGERS}, others=404), kwargs=_pk("contract_project")
    ),
    "procurement:meeting-list": Row(only(READERS, others=404), kwargs=_pk("operation_project")),
    "procurement:meeting-create": Row(
        only({**LEAD, **NOT_MANAGERS}, others=404), kwargs=_pk("operation_project")
    ),
    "procurement:project-ocds": Row(only(READERS, others=404, anonymous=404), kwargs=_pk("survey_project")),
    "procurement:cost-rule": Row(only({**LEAD, **NOT_MANAGERS}, others=404), kwargs=_pk("survey_project")),
    "procurement:cost-simulator": Row(
        only({**LEAD, **NOT_MANAGERS}, others=404), kwargs=_pk("survey_project")
    ),
    "procurement:share-sheet": Row(only(READERS, others=404), kwargs=_sheet),
    "procurement:share-sheet-xlsx": Row(only(READERS, others=404), kwargs=_sheet),
    # 神石高原町's approver confirms its sheet; whoever else reads it may not.
    "procurement:share-confirm": Row(
        only(
            {
                "approver": 302,
                "staff": 403,
                "coordinator": 403,
                "prefecture_approver": 403,
                "admin_user": 403,
            },
            others=404,
        ),
        "post",
        _sheet,
    ),
    "procurement:share-csv": Row(only(READERS, others=404), kwargs=_pk("survey_project")),
    "procurement:share-xlsx": Row(only(READERS, others=404), kwargs=_pk("survey_project")),
    # The vendor registry (moved here from the talent pool, same rules): 広島県's coordinators keep it.
    "procurement:vendor-list": Row(SIGNED_IN),
    "procurement:vendor-create": Row(only(MANAGERS, others=403, secretariat=403)),
    "procurement:vendor-detail": Row(SIGNED_IN, kwargs=_pk("vendor")),
    "procurement:vendor-edit": Row(only(LEAD, others=403), kwargs=_pk("vendor")),
}


def build_world(cast: dict) -> dict:
    """A project in planning; one whose survey 神石高原町 has answered; one in requirements that it
    joined, with a question it asked; one whose survey it has yet to answer; an entry of 広島県's
    vendor registry."""
    coordinator = cast["coordinator"]
    survey_project = open_survey(make_project(coordinator, title="答えた案件"), coordinator)
    submitted = surveys.submit_answer(
        participant=participant(survey_project, JINSEKI), answer=ANSWER, by=cast["staff"]
    )
    requirements_project = open_survey(make_project(coordinator, title="要件を決める案件"), coordinator)
    join(requirements_project, JINSEKI, staff=cast["staff"], approver=cast["approver"])
    requirements_project = projects.change_project_stage(
        project=requirements_project, stage=Project.Status.REQUIREMENTS, by=coordinator
    )
    requirement = requirements.add_requirement(
        project=requirements_project, section="申請", text="電子署名", by=coordinator
    )
    costs.set_cost_rule(
        project=requirements_project,
        by=coordinator,
        values={"total_amount": 1_000_000, "unit": 1000, "equal_weight": 100, "population_weight": 0,
                "volume_weight": 0, "population_exponent": 1, "volume_measure": "accounts"},
    )  # fmt: skip
    Project.objects.filter(pk=requirements_project.pk).update(
        questions_close_on=today() + datetime.timedelta(days=7)
    )
    requirements_project.refresh_from_db()
    question = questions.ask_question(
        participant=participant(requirements_project, JINSEKI), text="移行は含まれますか", by=cast["staff"]
    )
    document = documents.add_document(
        project=requirements_project, kind="specification", title="仕様書（案）", shareable=False,
        file_name="spec.pdf", data=b"%PDF-1.4\n%%EOF\n", by=coordinator,
    ).document  # fmt: skip
    atexit.register(default_storage.delete, document.versions.get().file)
    fresh = open_survey(make_project(coordinator, title="これから答える案件"), coordinator)
    # 神石高原町 joined both; one project stands at the contract stage, the other in operation.
    staged = {}
    for name, last in (
        ("contract_project", Project.Status.CONTRACT),
        ("operation_project", Project.Status.OPERATION),
    ):
        project = open_survey(make_project(coordinator, title=name), coordinator)
        join(project, JINSEKI, staff=cast["staff"], approver=cast["approver"])
        for stage in Project.ORDER[2 : Project.ORDER.index(last) + 1]:
            project = projects.change_project_stage(project=project, stage=stage, by=coordinator)
        staged[name] = project
    system = System.objects.create(
        name="住民基本台帳システム（標準準拠）", category="business", kind="standard"
    )
    system_use = catalogue.declare_use(system=system, municipality=org(JINSEKI), by=cast["staff"])
    tender_project = open_survey(make_project(coordinator, title="入札中の案件"), coordinator)
    for stage in Project.ORDER[2:6]:
        tender_project = projects.change_project_stage(project=tender_project, stage=stage, by=coordinator)
    set_visibility(tender_project, "public")
    Project.objects.filter(pk=tender_project.pk).update(
        questions_close_on=today() + datetime.timedelta(days=7)
    )
    return {
        "tender_project": tender_project,
        "system": system,
        "system_use": system_use,
        "planning_project": make_project(coordinator, title="企画中の案件"),
        "survey_project": survey_project,
        "requirements_project": requirements_project,
        "question": question,
        "requirement": requirement,
        "document": document,
        "submitted_answer": submitted,
        "invited_answer": participant(fresh, JINSEKI),
        "vendor": Vendor.objects.create(
            prefecture=org(HIROSHIMA), name="試験ベンダー", kind=Vendor.Kind.VENDOR
        ),
        **staged,
    }
