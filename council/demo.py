"""Demo council: the liaison council with an invented roster, one held and one upcoming meeting,
and a third whose announcement waits for the second secretariat member's approval.

The agenda follows the policy excerpt in the demo (基本方針(案) §3(1)); every person is invented and
marked 「（架空）」. Materials are small PDFs with Japanese text generated here (the search reads
them). Safe to run repeatedly.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from council import services
from council.models import (
    Attendance,
    Audience,
    Body,
    BodyMember,
    Candidate,
    Material,
    Meeting,
    OpinionRequest,
)
from council.pdf import minimal_pdf
from portal.models import Organisation, User

JST = ZoneInfo("Asia/Tokyo")
COUNCIL_NAME = "国・地方デジタル共通基盤推進連絡協議会"
PURPOSE = (
    "国・地方デジタル共通基盤の整備・運用に関する基本方針に基づき、共通化を国と地方公共団体が連携して"
    "取り組むため、国と地方公共団体間の連絡協議を行う合議体として開催する。"
)
# (name, affiliation, position, demo account that holds the seat)
ROSTER = [
    ("青木 誠（架空）", "デジタル庁 統括官", BodyMember.Position.CHAIR, "member.digital@demo.dx-portal.jp"),
    ("石川 和夫（架空）", "総務省 自治行政局長", BodyMember.Position.VICE_CHAIR, None),
    (
        "上田 恵子（架空）",
        "全国知事会 デジタル社会推進本部",
        BodyMember.Position.MEMBER,
        "member.governors@demo.dx-portal.jp",
    ),
    ("江藤 聡（架空）", "全国市長会 行政委員会", BodyMember.Position.MEMBER, None),
    ("小野 隆（架空）", "全国町村会 行政委員会", BodyMember.Position.MEMBER, None),
    ("加藤 直美（架空）", "内閣官房 デジタル行財政改革会議事務局", BodyMember.Position.OBSERVER, None),
]


def _pdf(*lines: str) -> bytes:
    """A demo PDF with Japanese text, so that the search finds words inside it (情報, 申請 …)."""
    return minimal_pdf(["Demo material (invented) - Regional DX Portal", "デモ用の架空の資料です。", *lines])


def seed_council(admin: User) -> None:
    council = Organisation.objects.get(kind=Organisation.Kind.COUNCIL, name=COUNCIL_NAME)
    if Body.objects.filter(council=council).exists():
        return
    secretariat_user = User.objects.get(email="secretariat@demo.dx-portal.jp")
    approver = User.objects.get(email="secretariat2@demo.dx-portal.jp")
    body = Body.objects.create(
        name=COUNCIL_NAME,
        council=council,
        secretariat=Organisation.objects.filter(name="内閣官房 デジタル行財政改革会議事務局").first(),
        purpose=PURPOSE,
    )
    seats = {}
    for name, affiliation, position, email in ROSTER:
        seats[name] = services.add_body_member(
            body=body,
            by=secretariat_user,
            name=name,
            affiliation=affiliation,
            position=position,
            term_start=datetime.date(2024, 9, 1),
            user=User.objects.filter(email=email).first() if email else None,
        )
    _first_meeting(body, secretariat_user, seats, approver)
    _next_meeting(body, secretariat_user, approver)
    _meeting_awaiting_approval(body, secretariat_user)
    _candidates(body, secretariat_user)


def _announce(meeting: Meeting, by: User, approver: User) -> Meeting:
    """One secretariat member asks, the other approves: the meeting is announced."""
    meeting = services.change_meeting_status(meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=by)
    return services.change_meeting_status(meeting=meeting, status=Meeting.Status.ANNOUNCED, by=approver)


def _first_meeting(body: Body, by: User, seats: dict, approver: User) -> None:
    meeting = services.create_meeting(
        body=body,
        by=by,
        starts_at=datetime.datetime(2024, 9, 24, 10, 0, tzinfo=JST),
        ends_at=datetime.datetime(2024, 9, 24, 11, 30, tzinfo=JST),
        venue="中央合同庁舎第4号館 共用会議室",
        is_online=True,
    )
    add = services.add_agenda_item
    add(meeting=meeting, by=by, title="開会", duration_minutes=5)
    proceedings = add(meeting=meeting, by=by, title="議事")
    policy = add(
        meeting=meeting,
        by=by,
        parent=proceedings,
        title="国・地方デジタル共通基盤の整備・運用に関する基本方針について",
        presenter="内閣官房 デジタル行財政改革会議事務局",
        duration_minutes=20,
    )
    pool = add(
        meeting=meeting,
        by=by,
        parent=proceedings,
        title="地域DX推進体制と人材プールの構築について",
        presenter="総務省 自治行政局",
        duration_minutes=20,
    )
    exchange = add(meeting=meeting, by=by, parent=proceedings, title="意見交換", duration_minutes=40)
    add(meeting=meeting, by=by, title="閉会", duration_minutes=5)
    services.add_material(
        meeting=meeting, by=by, kind=Material.Kind.MATERIAL, number="1", agenda_item=policy,
        title="国・地方デジタル共通基盤の整備・運用に関する基本方針（抜粋）",
        data=_pdf(
            "資料1 国・地方デジタル共通基盤の整備・運用に関する基本方針（抜粋）",
            "共通SaaSの活用を推進し、情報システムの共通化を国と地方が連携して進める。",
            "住民の申請手続のオンライン化を、標準準拠システムへの移行と合わせて進める。",
        ), file_name="shiryo1.pdf",
    )  # fmt: skip
    pool_material = services.add_material(
        meeting=meeting, by=by, kind=Material.Kind.MATERIAL, number="2-1", agenda_item=pool,
        title="令和7年度中の全都道府県での推進体制構築に向けて",
        data=_pdf(
            "資料2-1 令和7年度中の全都道府県での推進体制構築に向けて",
            "都道府県は人材プールを構築し、デジタル人材を共同して採用し市町村に派遣する。",
        ), file_name="shiryo2-1.pdf",
    )  # fmt: skip
    services.add_material(
        meeting=meeting, by=by, kind=Material.Kind.REFERENCE, number="1", agenda_item=pool,
        title="都道府県別 地域DX推進体制の構築状況（デモ）",
        data=_pdf("参考資料1 都道府県別 地域DX推進体制の構築状況", "構築済み・構築中・検討中の別。"),
        file_name="sankou1.pdf",
    )  # fmt: skip
    services.add_material(
        meeting=meeting, by=by, kind=Material.Kind.MEMBER_SUBMITTED, number="", agenda_item=exchange,
        submitted_by=seats["小野 隆（架空）"], title="小規模町村におけるDX人材確保の課題",
        audience=Audience.MEMBERS, non_disclosure_reason="率直な意見の交換が損なわれるおそれがあるため",
        data=_pdf("構成員提出資料 小規模町村のDX人材確保の課題", "情報担当が1人の町村が多い。"),
        file_name="koseiin.pdf",
    )  # fmt: skip
    _announce(meeting, by, approver)
    services.change_meeting_status(meeting=meeting, status=Meeting.Status.HELD, by=by)
    for name, seat in seats.items():
        if name.startswith("江藤"):
            substitute = services.add_substitute(
                member=seat, by=by, name="藤井 学（架空）", affiliation="全国市長会 事務局次長",
                valid_from=datetime.date(2024, 9, 1),
            )  # fmt: skip
            services.record_attendance(
                meeting=meeting, member=seat, status=Attendance.Status.PROXY, by=by, substitute=substitute
            )
        else:
            services.record_attendance(meeting=meeting, member=seat, status=Attendance.Status.PRESENT, by=by)
    replacement = services.replace_material(
        material=pool_material,
        by=by,
        data=_pdf(
            "資料2-1（差替え） 令和7年度中の全都道府県での推進体制構築に向けて",
            "都道府県は人材プールを構築し、デジタル人材を共同して採用し市町村に派遣する。",
            "P.3 構築済みの都道府県数を訂正した。お問合せは事務局まで。",
        ),
        file_name="shiryo2-1_v2.pdf",
        change_note="P.3の構築済み都道府県数を会議後に訂正",
    )
    services.change_version_status(version=replacement, status="approved", by=approver)
    _minutes(meeting, by, seats, approver)
    services.add_follow_up(
        meeting=meeting,
        by=by,
        title="都道府県別の人材プールの構築状況を次回会議で報告する",
        owner=Organisation.objects.get(name="総務省 自治行政局"),
        due_on=datetime.date(2027, 1, 20),
    )


REMARKS = [
    (None, "事務局", "資料1に基づき、国・地方デジタル共通基盤の整備・運用に関する基本方針について説明した。"),
    (
        "青木 誠（架空）",
        "青木座長",
        "共通化は国と地方が連携して取り組むものであり、本協議会で候補を議論していきたい。",
    ),
    (
        "上田 恵子（架空）",
        "上田構成員",
        "小規模の市町村ではDX推進を担う人材の確保が難しい。都道府県による人材プールの構築を後押ししてほしい。",
    ),
    (
        None,
        "事務局（総務省）",
        "資料2-1のとおり、令和7年度中に全ての都道府県で推進体制を構築できるよう支援する。",
    ),
]


SUMMARY = "\n".join(
    [
        "1. 事務局から、資料1に基づき基本方針について説明があった。",
        "2. 構成員から、小規模の市町村におけるDX人材の確保について、"
        "都道府県による人材プールの構築を国としても後押ししてほしいとの意見があった。",
        "3. 事務局（総務省）から、令和7年度中に全ての都道府県で"
        "推進体制を構築できるよう支援するとの説明があった。",
    ]
)


def _minutes(meeting: Meeting, by: User, seats: dict, approver: User) -> None:
    from council.models import Minutes

    for seat_name, label, text in REMARKS:
        services.add_remark(
            meeting=meeting, by=by, speaker=seats.get(seat_name), speaker_name=label, text=text
        )
    minutes = Minutes.objects.get(meeting=meeting)
    minutes = services.change_minutes_status(
        minutes=minutes,
        status=Minutes.Status.CONFIRMING,
        by=by,
        confirm_by=timezone.now() + datetime.timedelta(days=7),
    )
    chair, ueda = seats["青木 誠（架空）"].user, seats["上田 恵子（架空）"].user
    services.confirm_remarks(minutes=minutes, by=chair, corrections={})
    corrected = minutes.remarks.get(speaker=seats["上田 恵子（架空）"])
    services.confirm_remarks(
        minutes=minutes,
        by=ueda,
        corrections={corrected.pk: REMARKS[2][2].replace("後押ししてほしい", "国としても後押ししてほしい")},
    )
    services.save_minutes_summary(meeting=meeting, by=by, summary=SUMMARY)
    minutes = services.change_minutes_status(minutes=minutes, status=Minutes.Status.PENDING_APPROVAL, by=by)
    services.change_minutes_status(minutes=minutes, status=Minutes.Status.PUBLISHED, by=approver)


def _next_meeting(body: Body, by: User, approver: User) -> None:
    meeting = services.create_meeting(
        body=body,
        by=by,
        starts_at=datetime.datetime(2027, 1, 20, 14, 0, tzinfo=JST),
        ends_at=datetime.datetime(2027, 1, 20, 15, 30, tzinfo=JST),
        is_online=True,
    )
    services.add_agenda_item(meeting=meeting, by=by, title="開会")
    proceedings = services.add_agenda_item(meeting=meeting, by=by, title="議事")
    item = services.add_agenda_item(
        meeting=meeting, by=by, parent=proceedings, title="共通化候補の選定について", presenter="デジタル庁"
    )
    services.add_agenda_item(meeting=meeting, by=by, title="閉会")
    services.add_material(
        meeting=meeting, by=by, kind=Material.Kind.MATERIAL, number="1", agenda_item=item,
        title="共通化候補（案）", audience=Audience.LOCAL_GOVERNMENTS,
        non_disclosure_reason="意思決定の過程にある案のため（会議当日に一般公開）",
        data=_pdf("資料1 共通化候補（案）", "電子申請、情報セキュリティ対策、公金収納を候補とする案。"),
        file_name="shiryo1.pdf",
    )  # fmt: skip
    _announce(meeting, by, approver)
    opinion_request = services.create_opinion_request(
        body=body,
        by=by,
        meeting=meeting,
        title="共通化候補（案）に関する意見照会",
        question="資料1「共通化候補（案）」について、貴団体における導入状況と、共通化に当たっての課題をお寄せください。",
        respondents=OpinionRequest.Respondents.LOCAL_GOVERNMENTS,
        # Relative, so that the demo can be seeded on any day (opening needs a future deadline).
        deadline=timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0)
        + datetime.timedelta(days=30),
    )
    opinion_request = services.change_opinion_request_status(
        opinion_request=opinion_request, status=OpinionRequest.Status.OPEN, by=by
    )
    services.submit_opinion(
        opinion_request=opinion_request,
        by=User.objects.get(email="staff.jinseki@demo.dx-portal.jp"),
        text="（デモ）当町では電子申請を導入済み。小規模団体でも運用できる共通SaaSを望む。",
    )


def _meeting_awaiting_approval(body: Body, by: User) -> None:
    meeting = services.create_meeting(
        body=body,
        by=by,
        starts_at=datetime.datetime(2027, 3, 18, 10, 0, tzinfo=JST),
        ends_at=datetime.datetime(2027, 3, 18, 11, 30, tzinfo=JST),
        venue="中央合同庁舎第4号館 共用会議室",
        is_online=True,
    )
    services.add_agenda_item(meeting=meeting, by=by, title="開会")
    proceedings = services.add_agenda_item(meeting=meeting, by=by, title="議事")
    services.add_agenda_item(
        meeting=meeting,
        by=by,
        parent=proceedings,
        title="共通化の推進方針（案）について",
        presenter="デジタル庁",
    )
    services.add_agenda_item(meeting=meeting, by=by, title="閉会")
    services.change_meeting_status(meeting=meeting, status=Meeting.Status.PENDING_APPROVAL, by=by)


# (title, description, proposer, [(status, decision, decided at the held meeting?)], audience)
CANDIDATES = [
    (
        "電子申請システムの共通化",
        "（デモ）各団体が個別に調達している電子申請システムを、国が整備する共通基盤に集約する案。",
        "全国市長会",
        [
            (Candidate.Status.EFFECT, "効果検証に着手する（第1回会議で了承）。", True),
            (
                Candidate.Status.FEASIBILITY,
                "試算で運用経費の約3割削減を確認。実現可能性調査に進める。",
                False,
            ),
            (Candidate.Status.POLICY, "推進方針案を取りまとめ、次回会議で同意を諮る。", False),
        ],
        Audience.PUBLIC,
    ),
    (
        "公金収納の共通化",
        "（デモ）地方税以外の公金についても、共通の収納基盤で納付できるようにする案。",
        "デジタル庁",
        [],
        Audience.PUBLIC,
    ),
    (
        "情報セキュリティクラウドの共同調達",
        "（デモ）都道府県ごとの自治体情報セキュリティクラウドを、県内市町村と共同で調達する案。",
        "全国知事会",
        [
            (Candidate.Status.EFFECT, "効果検証に着手する。", True),
            (
                Candidate.Status.JOINT_PROCUREMENT,
                "国の共通基盤ではなく、都道府県単位の共同調達で実現する（第1回会議で了承）。",
                True,
            ),
        ],
        Audience.PUBLIC,
    ),
    (
        "窓口予約システムの共通化",
        "（デモ）来庁予約の仕組みを共通化する案。",
        "全国町村会",
        [(Candidate.Status.DROPPED, "市販サービスが普及しており、共通化の効果が小さいため見送る。", False)],
        Audience.LOCAL_GOVERNMENTS,
    ),
]


def _candidates(body: Body, by: User) -> None:
    """Candidates at several points of the pipeline: one 推進方針案 awaiting the members' consent, one
    just proposed, one routed to joint procurement and one 見送り (for local governments only)."""
    held = Meeting.objects.filter(body=body).order_by("number").first()  # 第1回, held in the past
    for title, description, proposer, steps, audience in CANDIDATES:
        candidate = services.create_candidate(
            body=body,
            by=by,
            title=title,
            description=description,
            proposer=Organisation.objects.get(name=proposer),
            audience=audience,
            non_disclosure_reason="" if audience == Audience.PUBLIC else "検討途中の情報のため",
        )
        for status, decision, at_meeting in steps:
            candidate = services.change_candidate_status(
                candidate=candidate, status=status, by=by, note=decision, meeting=held if at_meeting else None
            )
