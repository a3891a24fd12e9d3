"""Demo data of joint procurement (DEMO_MODE only): a few invented entries of the vendor registry,
three invented projects, and the system catalogue. The names of the 20 地方公共団体情報システム
標準化 target businesses are public; which demo municipality uses what is invented (every row is
marked as demo data)."""

from __future__ import annotations

from portal.models import Organisation, Role, User
from procurement.models import Project, System, SystemUse, Vendor
from procurement.services import catalogue, vendors
from talentpool.models import SkillRole, SupportTheme

DEMO_NAME_MARK = "（デモ）"

DEMO_VENDORS = [
    (
        "広島県",
        "デモ情報システム株式会社（デモ）",
        "vendor",
        True,
        True,
        ["cloud_engineer_sre", "backend_engineer"],
        ["standardisation", "security"],
        "自治体システムの標準化移行とクラウド運用を支援します。",
    ),
    (
        "広島県",
        "Code for デモ広島（デモ）",
        "civic_tech",
        False,
        False,
        ["ux_ui_designer", "data_engineer"],
        ["data", "front_yard"],
        "オープンデータと住民向けサービスのプロトタイプづくりを一緒に行います。",
    ),
    (
        "岡山県",
        "デモソフト岡山合同会社（デモ）",
        "vendor",
        True,
        False,
        ["frontend_engineer"],
        ["e_application", "rpa_low_code"],
        "電子申請フォームとRPAの導入支援。",
    ),
]


def seed_vendors(admin: User) -> None:
    """A few invented registry entries (once)."""
    if Vendor.objects.filter(name__endswith=DEMO_NAME_MARK).exists():
        return
    for prefecture, name, kind, unified, dmp, roles, themes, description in DEMO_VENDORS:
        vendor = Vendor(
            prefecture=Organisation.objects.prefectures().get(name=prefecture),
            name=name,
            kind=kind,
            unified_qualification=unified,
            dmp_listed=dmp,
            description=description,
            website="https://example.jp/",
        )
        vendors.save_vendor(
            vendor=vendor,
            by=admin,
            roles=SkillRole.objects.filter(code__in=roles),
            themes=SupportTheme.objects.filter(code__in=themes),
        )


DEMO_PROJECTS = (
    "電子申請システムの共同調達（デモ）",
    "文書管理システムの共同調達（デモ）",
    "庁内チャットの共同調達（デモ）",
)


def seed_projects(admin: User) -> None:
    """Three invented joint procurements led by 広島県 (once): one whose intent survey is open, one
    in the requirements stage with votes and 負担金 sheets to confirm, and one finished (specification
    v1 and v2, an award, contracts, a participants' meeting in operation). Made through the services,
    as people would."""
    import datetime

    from council.pdf import minimal_pdf
    from portal.dates import today
    from procurement.models import Document, Participant, Project, Visibility
    from procurement.services import awards, contracts, costs, documents, projects, requirements, surveys

    if Project.objects.filter(title__in=DEMO_PROJECTS).exists():
        return
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.dx-portal.jp")}
    coordinator = people["coord.hiroshima"]
    towns = Organisation.objects.filter(lg_code__in=["345458", "342025"])  # 神石高原町, 呉市
    pdf = minimal_pdf(["Demo specification"])

    def start(title: str) -> Project:
        project = projects.create_project(
            lead_body=Organisation.objects.get(lg_code="340006"), by=coordinator, title=title,
            category=Project.Category.TOOL, description="デモ用の架空の案件です。",
            method=Project.Method.PROPOSAL, contract_model=Project.ContractModel.EACH_SIGNS,
        )  # fmt: skip
        return projects.open_survey(
            project=project,
            deadline=today() + datetime.timedelta(days=14),
            municipalities=towns,
            by=coordinator,
        )

    def join(project: Project, town: str) -> Participant:
        participant = Participant.objects.get(project=project, municipality__lg_code=town)
        answer = {"intent": Participant.Intent.JOIN, "expected_accounts": 40, "expected_transactions": 1200,
                  "budget_secured": True, "comment": ""}  # fmt: skip
        name = {"345458": "jinseki", "342025": "kure"}[town]
        answered = surveys.submit_answer(participant=participant, answer=answer, by=people[f"staff.{name}"])
        return surveys.decide_participant(
            participant=answered, to=Participant.Status.CONFIRMED, by=people[f"approver.{name}"]
        )

    start(DEMO_PROJECTS[0])  # the survey is open: both towns have it on their dashboards

    voting = start(DEMO_PROJECTS[1])
    jinseki = join(voting, "345458")
    join(voting, "342025")
    voting = projects.change_project_stage(project=voting, stage=Project.Status.REQUIREMENTS, by=coordinator)
    item = requirements.add_requirement(
        project=voting, section="文書", text="電子決裁に対応する", by=coordinator
    )
    requirements.add_requirement(project=voting, section="文書", text="LGWAN-ASPで提供される", by=coordinator)
    jinseki.project = voting
    requirements.cast_votes(
        participant=jinseki, votes={item.pk: ("must", "決裁の電子化が必須")}, by=people["staff.jinseki"]
    )
    # An even split (no population needed): each town's approver has its 負担金 sheet to confirm.
    split = {"total_amount": 600_000, "unit": 1000, "equal_weight": 100, "population_weight": 0,
             "volume_weight": 0, "population_exponent": 1, "volume_measure": "accounts",
             "confirm_by": today() + datetime.timedelta(days=21)}  # fmt: skip
    costs.set_cost_rule(project=voting, by=coordinator, values=split)

    done = start(DEMO_PROJECTS[2])
    joined = join(done, "345458")
    join(done, "342025")
    done = projects.change_project_stage(project=done, stage=Project.Status.REQUIREMENTS, by=coordinator)
    item = requirements.add_requirement(project=done, section="機能", text="既読確認ができる", by=coordinator)
    joined.project = done
    requirements.cast_votes(participant=joined, votes={item.pk: ("must", "")}, by=people["staff.jinseki"])
    item.project = done
    requirements.decide_requirement(
        requirement=item, to="adopted", note="参加団体が必須とした", by=coordinator
    )
    rule = {"total_amount": 1_200_000, "unit": 1000, "equal_weight": 50, "population_weight": 50,
            "volume_weight": 0, "population_exponent": 0.585, "volume_measure": "accounts"}  # fmt: skip
    costs.set_cost_rule(project=done, by=coordinator, values=rule)
    spec = documents.add_document(
        project=done, kind=Document.Kind.SPECIFICATION, title="仕様書", shareable=True,
        file_name="shiyousho.pdf", data=pdf, by=coordinator,
    ).document  # fmt: skip
    documents.add_document_version(
        document=spec, file_name="shiyousho-2.pdf", data=pdf, change_note="第2章を改訂", by=coordinator
    )
    for stage in Project.ORDER[3:7]:
        done = projects.change_project_stage(project=done, stage=stage, by=coordinator)
    award = {"supplier_name": "デモチャット株式会社（デモ）", "supplier_number": "",
             "initial_amount": 1_200_000, "annual_amount": 300_000,
             "awarded_on": today() - datetime.timedelta(days=60)}  # fmt: skip
    awards.record_award(project=done, by=coordinator, values=award)
    done = projects.change_project_stage(project=done, stage=Project.Status.CONTRACT, by=coordinator)
    for line in contracts.contract_lines(done):
        contracts.record_contract(
            project=done, buyer_id=line.buyer.pk, number=f"デモ-{line.buyer.lg_code}",
            signed_on=today() - datetime.timedelta(days=30), by=coordinator,
        )  # fmt: skip
    done = projects.change_project_stage(project=done, stage=Project.Status.OPERATION, by=coordinator)
    contracts.record_meeting(
        project=done, held_on=today() - datetime.timedelta(days=7), title="第1回運用会議",
        minutes="利用状況と問い合わせ窓口を確認した。", attendees=done.participants.all(), by=coordinator,
    )  # fmt: skip
    # Finished, it is public: the open-data index and the OCDS package show it.
    done.stage_plans.update_or_create(stage=done.status, defaults={"visibility": Visibility.PUBLIC})


# The 20 businesses of 地方公共団体情報システムの標準化に関する法律 (the 標準化対象業務).
STANDARD_BUSINESSES = [
    "住民基本台帳", "選挙人名簿管理", "固定資産税", "個人住民税", "法人住民税", "軽自動車税",
    "戸籍", "戸籍の附票", "印鑑登録", "就学", "国民健康保険", "国民年金", "障害者福祉",
    "後期高齢者医療", "介護保険", "児童手当", "生活保護", "健康管理", "児童扶養手当",
    "子ども・子育て支援",
]  # fmt: skip

NATIONAL = [
    (
        "マイナポータル（ぴったりサービス）",
        "デジタル庁",
        "国が提供する、子育て・介護などの行政手続をオンラインで申請できるサービス。",
    ),
]

# (municipality, system name) declared by the municipality's demo staff.
DECLARED = [
    ("神石高原町", "住民基本台帳システム（標準準拠）"),
    ("呉市", "住民基本台帳システム（標準準拠）"),
    ("呉市", "マイナポータル（ぴったりサービス）"),
    ("上島町", "介護保険システム（標準準拠）"),
]


def seed_catalogue(admin: User) -> None:
    for business in STANDARD_BUSINESSES:
        System.objects.get_or_create(
            name=f"{business}システム（標準準拠）",
            defaults={
                "category": Project.Category.BUSINESS,
                "kind": System.Kind.STANDARD,
                "description": f"標準化対象業務「{business}」の標準仕様書に準拠したシステム。",
                "is_demo": True,
            },
        )
    for name, vendor, description in NATIONAL:
        System.objects.get_or_create(
            name=name,
            defaults={
                "category": Project.Category.TOOL,
                "kind": System.Kind.NATIONAL_SAAS,
                "vendor_name": vendor,
                "description": description,
                "is_demo": True,
            },
        )
    for municipality_name, system_name in DECLARED:
        municipality = Organisation.objects.municipalities().get(name=municipality_name)
        system = System.objects.get(name=system_name)
        if SystemUse.objects.filter(system=system, municipality=municipality, ended_at__isnull=True).exists():
            continue
        staff = User.objects.filter(
            memberships__organisation=municipality,
            memberships__role=Role.MUNICIPAL_STAFF,
            email__endswith="@demo.dx-portal.jp",
        ).first()
        catalogue.declare_use(system=system, municipality=municipality, by=staff)
