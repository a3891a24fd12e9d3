"""The council search: text extracted from uploaded files in the background, Japanese folding, 2-character
words through the index, and results that never show anyone what the pages would not."""

from __future__ import annotations

import datetime
import io
import zipfile
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import extraction, services
from council.models import Audience, MaterialText, MaterialVersion, Meeting, Minutes, SearchEntry
from council.pdf import minimal_pdf
from council.search_text import fold, query_words, snippet
from council.services.search import extract_version_text, rebuild_index
from council.tasks import extract_material_text
from tests.council.factories import (
    JST,
    add_agenda_item,
    add_material,
    approve_version,
    make_body,
    make_meeting,
    publish_minutes,
    replace,
    seat,
)
from tests.portal.factories import sign_in

RELEASE = datetime.datetime(2026, 12, 24, 14, 0, tzinfo=JST)
BEFORE = RELEASE - datetime.timedelta(microseconds=1)
PAST = datetime.datetime(2024, 9, 24, 10, 0, tzinfo=JST)
URL = "/council/search/"


def pdf(*lines: str) -> bytes:
    return minimal_pdf(["Test material", *lines])


def upload(meeting, by, number: str, *lines: str, capture, **kwargs):
    """Attach a PDF with these lines and run the extraction the upload queued after commit."""
    with capture(execute=True):
        return add_material(meeting, by, number=number, data=pdf(*lines), **kwargs)


def found(user, words: str, now=None) -> set[str]:
    """Titles of the index rows this person finds for these words."""
    rows = SearchEntry.objects.visible_to(user, now).matching(query_words(words))
    return set(rows.values_list("title", flat=True))


# --- Extraction ---------------------------------------------------------------------------------


def test_the_pdf_writer_writes_japanese_that_pdfminer_reads_back():
    text = extraction.extract_text(pdf("資料1 情報システムの標準化に関する検討状況", "申請手続"), "pdf")
    assert "資料1 情報システムの標準化に関する検討状況" in text
    assert "申請手続" in text and "Test material" in text


def office(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return buffer.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def test_word_excel_and_powerpoint_text_is_read_from_their_xml_parts():
    docx = office(
        {
            "word/document.xml": f"<w:document {W}><w:body><w:p><w:r><w:t>電子</w:t></w:r>"
            "<w:r><w:t>申請</w:t></w:r></w:p><w:p><w:r><w:t>第二段落</w:t></w:r></w:p></w:body></w:document>"
        }
    )
    xlsx = office(
        {
            "xl/workbook.xml": f"<workbook {S}/>",
            "xl/sharedStrings.xml": f"<sst {S}><si><t>団体名</t></si><si><t>情報政策課</t></si></sst>",
        }
    )
    pptx = office(
        {
            "ppt/presentation.xml": f"<p:presentation {A}/>".replace("p:", ""),
            "ppt/slides/slide2.xml": f"<sld {A}><a:p><a:r><a:t>二枚目</a:t></a:r></a:p></sld>",
            "ppt/slides/slide1.xml": f"<sld {A}><a:p><a:r><a:t>一枚目</a:t></a:r></a:p></sld>",
        }
    )
    assert extraction.extract_text(docx, "docx") == "電子申請\n第二段落"
    assert extraction.extract_text(xlsx, "xlsx") == "団体名\n情報政策課"
    assert extraction.extract_text(pptx, "pptx") == "一枚目\n二枚目"


def test_an_office_part_with_a_dtd_is_refused_not_expanded():
    bomb = office({"word/document.xml": '<!DOCTYPE d [<!ENTITY a "aaaa">]><document>&a;&a;</document>'})
    with pytest.raises(extraction.ExtractionError):
        extraction.extract_text(bomb, "docx")


def test_a_2_character_word_inside_an_uploaded_pdf_is_found(
    client, secretariat, django_capture_on_commit_callbacks
):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    material = upload(
        meeting,
        secretariat,
        "1",
        "電子申請の受付状況について",
        title="検討状況",
        capture=django_capture_on_commit_callbacks,
    )
    text = MaterialText.objects.get(version=material.current)
    assert (text.status, text.attempts) == (MaterialText.Status.DONE, 1)
    assert "電子申請の受付状況" in text.text
    response = client.get(URL, {"q": "申請"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "資料1 検討状況" in page and "電子<mark>申請</mark>の受付状況" in page
    assert f"#material-{material.pk}" in page


def test_a_pdf_uploaded_through_the_form_is_searchable_once_the_upload_commits(
    client, secretariat, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    sign_in(client, secretariat)
    upload_file = SimpleUploadedFile(
        "shiryo.pdf", pdf("オンライン申請の状況"), content_type="application/pdf"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("council:material-add", args=[meeting.pk]),
            {
                "kind": "material",
                "number": "1",
                "title": "状況報告",
                "audience": "public",
                "file": upload_file,
            },
        )
    assert response.status_code == 302
    client.logout()
    # Added after the meeting's approval: nobody outside the secretariat finds it until approved.
    assert "状況報告" not in client.get(URL, {"q": "申請"}).content.decode()
    approve_version(MaterialVersion.objects.get(material__meeting=meeting))
    assert "オンライン<mark>申請</mark>の状況" in client.get(URL, {"q": "申請"}).content.decode()


def test_extraction_runs_after_commit_only_and_twice_does_nothing_more(
    secretariat, django_capture_on_commit_callbacks
):
    meeting = make_meeting(make_body(), secretariat)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        material = add_material(meeting, secretariat, data=pdf("情報"))
    version = material.current
    assert MaterialText.objects.get(version=version).status == MaterialText.Status.PENDING
    assert found(secretariat, "情報") == set()  # nothing extracted before the upload commits
    assert len(queued) == 1
    queued[0]()
    assert extract_material_text.delay(version.pk).get() == MaterialText.Status.DONE
    assert MaterialText.objects.get(version=version).attempts == 1
    assert found(secretariat, "情報") == {"資料1 資料1の表題"}


def test_a_file_that_cannot_be_read_is_marked_failed_with_its_reason_for_the_secretariat(
    client, secretariat, django_capture_on_commit_callbacks
):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    with django_capture_on_commit_callbacks(execute=False):
        material = add_material(meeting, secretariat)
    default_storage.delete(material.current.file)
    assert extract_version_text(version_id=material.current.pk) == MaterialText.Status.FAILED
    text = MaterialText.objects.get(version=material.current)
    assert text.error == "ファイルが見つかりません。"
    sign_in(client, secretariat)
    page = client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()
    assert "検索用テキスト：失敗" in page and "ファイルが見つかりません。" in page


def test_the_secretariat_sees_the_progress_and_the_public_does_not(
    client, secretariat, django_capture_on_commit_callbacks
):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    with django_capture_on_commit_callbacks(execute=False):
        add_material(meeting, secretariat, number="1")
    upload(meeting, secretariat, "2", "本文", capture=django_capture_on_commit_callbacks)
    url = reverse("council:meeting-detail", args=[meeting.pk])
    assert "検索用テキスト" not in client.get(url).content.decode()
    sign_in(client, secretariat)
    page = client.get(url).content.decode()
    assert "検索用テキスト：待機中" in page and "検索用テキスト：完了" in page


# --- Folding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("ＤＸ推進", "dx推進"),  # 全角 Latin, case
        ("ｶﾞｲﾄﾞﾗｲﾝ", "ガイドライン"),  # 半角カナ with its voiced mark
        ("ｻｰﾋﾞｽ", "サービス"),  # ｰ / ー
        ("ヴァイオリン", "バイオリン"),  # ヴァ / バ
        ("お問合せ窓口", "問い合わせ"),  # 送り仮名
        ("申込書", "申し込"),
        ("手続きの案内", "手続"),
        ("デジタル", "でじたる"),  # katakana / hiragana
        ("資料２－１", "資料2-1"),
    ],
)
def test_folding_meets_both_spellings(written, searched):
    assert fold(searched) in fold(written)


@pytest.mark.parametrize("query", ["お問い合わせ", "問合せ", "ＤＸ", "ｶﾞｲﾄﾞ"])
def test_a_folded_query_finds_the_other_spelling_in_a_pdf(
    query, secretariat, django_capture_on_commit_callbacks
):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    upload(
        meeting, secretariat, "1", "DXのガイドラインのお問合せ先", capture=django_capture_on_commit_callbacks
    )
    assert found(None, query) == {"資料1 資料1の表題"}


def test_every_word_must_be_there_and_pieces_apart_are_not_a_match(
    secretariat, django_capture_on_commit_callbacks
):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    upload(meeting, secretariat, "1", "情報の報告", capture=django_capture_on_commit_callbacks)
    assert found(None, "情報 報告") == {"資料1 資料1の表題"}
    assert found(None, "情報告") == set()  # 情報 and 報告 are both there, 情報告 is not
    assert found(None, "情報 申請") == set()


def test_the_snippet_marks_the_words_and_escapes_the_document():
    html = snippet("<script>alert(1)</script> 情報を<b>申請</b>", query_words("情報 申請"), width=200)
    assert (
        html
        == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>情報</mark>を&lt;b&gt;<mark>申請</mark>&lt;/b&gt;"
    )


def test_the_snippet_marks_the_written_spelling_of_a_folded_match():
    assert "<mark>問合せ</mark>" in snippet("お問合せは事務局へ", query_words("問い合わせ"))


def test_no_markup_from_a_pdf_reaches_the_results_page(
    client, secretariat, django_capture_on_commit_callbacks
):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    upload(
        meeting,
        secretariat,
        "1",
        '情報 <script>alert("x")</script><img src=x onerror=alert(1)>',
        title="<b>表題</b>",
        capture=django_capture_on_commit_callbacks,
    )
    page = client.get(URL, {"q": "情報"}).content.decode()
    assert "&lt;script&gt;" in page and "<mark>情報</mark>" in page
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>表題</b>" not in page


# --- Audiences ----------------------------------------------------------------------------------


@pytest.fixture
def world(cast, django_capture_on_commit_callbacks):
    """One word per thing: 公開語 in a public material, 自治体語 for local governments, 構成員語 for
    members, 予定語 in a public material released at RELEASE, 下書語 in a draft meeting, 発言語 in
    published minutes, 確認語 in minutes still out for confirmation."""
    secretariat = cast["secretariat"]
    body = make_body()
    announced = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    draft = make_meeting(body, secretariat)
    capture = django_capture_on_commit_callbacks
    upload(announced, secretariat, "1", "公開語", title="公開", capture=capture)
    upload(
        announced,
        secretariat,
        "2",
        "自治体語",
        title="自治体",
        audience=Audience.LOCAL_GOVERNMENTS,
        capture=capture,
    )
    upload(
        announced, secretariat, "3", "構成員語", title="構成員", audience=Audience.MEMBERS, capture=capture
    )
    upload(announced, secretariat, "4", "予定語", title="予定", release_at=RELEASE, capture=capture)
    upload(draft, secretariat, "1", "下書語", title="下書", capture=capture)
    add_agenda_item(meeting=draft, by=secretariat, title="下書の議題 下書語")
    for words, publish in (("発言語", True), ("確認語", False)):
        held = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED, starts_at=PAST)
        services.change_meeting_status(meeting=held, status=Meeting.Status.HELD, by=secretariat)
        speaker = seat(body, cast["council_member"])
        services.add_remark(meeting=held, by=secretariat, speaker=speaker, speaker_name="構成員", text=words)
        minutes = Minutes.objects.get(meeting=held)
        minutes = services.change_minutes_status(
            minutes=minutes,
            status=Minutes.Status.CONFIRMING,
            by=secretariat,
            confirm_by=timezone.now() + datetime.timedelta(days=7),
        )
        if publish:
            services.confirm_remarks(minutes=minutes, by=cast["council_member"], corrections={})
            publish_minutes(minutes, secretariat)
    return cast


WORDS = ["公開語", "自治体語", "構成員語", "予定語", "下書語", "発言語", "確認語"]
EVERYTHING = set(WORDS)


def words_found(user, now=None) -> set[str]:
    return {word for word in WORDS if SearchEntry.objects.visible_to(user, now).matching([word]).exists()}


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (None, {"公開語", "発言語"}),
        ("talent", {"公開語", "発言語"}),
        ("staff", {"公開語", "自治体語", "発言語"}),
        ("other_coordinator", {"公開語", "自治体語", "発言語"}),
        ("council_member", {"公開語", "自治体語", "構成員語", "発言語"}),
        ("secretariat", EVERYTHING),
        ("admin_user", EVERYTHING),
    ],
    ids=["public", "talent", "local_government", "other_prefecture", "member", "secretariat", "admin"],
)
def test_each_audience_finds_only_what_its_pages_show(world, person, expected):
    assert words_found(world[person] if person else None, now=BEFORE) == expected


def test_a_material_released_later_is_found_from_its_minute_and_never_before(world, client):
    with mock.patch.object(timezone, "now", return_value=BEFORE):
        assert "資料4 予定" not in client.get(URL, {"q": "予定語"}).content.decode()
    with mock.patch.object(timezone, "now", return_value=RELEASE):
        assert "資料4 予定" in client.get(URL, {"q": "予定語"}).content.decode()


def test_the_search_page_applies_the_audience_of_the_signed_in_person(world, client):
    sign_in(client, world["staff"])
    page = client.get(URL, {"q": "語"}).content.decode()
    assert "資料2 自治体" in page and "資料1 公開" in page
    assert "資料3 構成員" not in page and "下書" not in page and "確認語" not in page


def test_the_search_follows_the_pages_when_an_audience_rule_would_change(world):
    # The index holds no audience of its own: it asks Material.objects.visible_to, so a changed
    # rule there (here: nothing is readable) is the search's rule at once.
    from council.models import Material

    with mock.patch.object(Material.objects, "visible_to", return_value=Material.objects.none()):
        assert "公開語" not in words_found(None)
    assert "公開語" in words_found(None)


# --- The index is kept current ------------------------------------------------------------------


def test_a_replaced_material_is_found_by_its_new_text_only(secretariat, django_capture_on_commit_callbacks):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    material = upload(meeting, secretariat, "1", "旧版の語", capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        replace(material, secretariat, data=pdf("新版の語"))
    assert found(None, "新版") == {"資料1 資料1の表題"} and found(None, "旧版") == set()


def test_a_speakers_correction_is_what_the_search_finds(cast):
    secretariat, member = cast["secretariat"], cast["council_member"]
    body = make_body()
    held = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED, starts_at=PAST)
    services.change_meeting_status(meeting=held, status=Meeting.Status.HELD, by=secretariat)
    remark = services.add_remark(
        meeting=held, by=secretariat, speaker=seat(body, member), speaker_name="構成員", text="誤記の発言"
    )
    minutes = services.change_minutes_status(
        minutes=held.minutes,
        status=Minutes.Status.CONFIRMING,
        by=secretariat,
        confirm_by=timezone.now() + datetime.timedelta(days=7),
    )
    services.confirm_remarks(minutes=minutes, by=member, corrections={remark.pk: "訂正後の発言"})
    assert found(secretariat, "訂正後") == {"構成員"} and found(secretariat, "誤記") == set()


def test_the_rebuild_command_builds_the_same_index_again(secretariat, django_capture_on_commit_callbacks):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    add_agenda_item(meeting=meeting, by=secretariat, title="議事")
    upload(meeting, secretariat, "1", "索引語", capture=django_capture_on_commit_callbacks)
    before = sorted(SearchEntry.objects.values_list("kind", "title", "folded"))
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_council_search", stdout=out)
    assert "3 row(s)" in out.getvalue()
    assert sorted(SearchEntry.objects.values_list("kind", "title", "folded")) == before
    assert rebuild_index() == 3


def test_the_rebuild_command_can_extract_what_is_missing(secretariat, django_capture_on_commit_callbacks):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    with django_capture_on_commit_callbacks(execute=False):
        add_material(meeting, secretariat, data=pdf("後で抽出"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_council_search", "--extract", stdout=io.StringIO())
    assert found(None, "後で抽出") == {"資料1 資料1の表題"}


# --- Filters, index use, query count, hostile input ---------------------------------------------


def test_filters_by_body_fiscal_year_kind_and_speaker(client, cast):
    secretariat = cast["secretariat"]
    council = make_body()
    group = make_body("ワーキンググループ")
    march = make_meeting(
        council, secretariat, status="announced", starts_at=datetime.datetime(2025, 3, 31, 23, 0, tzinfo=JST)
    )
    april = make_meeting(
        group, secretariat, status="announced", starts_at=datetime.datetime(2025, 4, 1, 0, 0, tzinfo=JST)
    )
    add_agenda_item(meeting=march, by=secretariat, title="共通議題")
    add_agenda_item(meeting=april, by=secretariat, title="共通議題")
    held = make_meeting(council, secretariat, status="announced", starts_at=PAST)
    services.change_meeting_status(meeting=held, status=Meeting.Status.HELD, by=secretariat)
    aoki, ueda = seat(council, name="青木"), seat(council, name="上田")
    services.add_remark(
        meeting=held, by=secretariat, speaker=aoki, speaker_name="青木座長", text="共通議題の発言"
    )
    services.add_remark(
        meeting=held, by=secretariat, speaker=ueda, speaker_name="上田構成員", text="共通議題の発言"
    )
    sign_in(client, secretariat)

    def titles(**params) -> list[str]:
        response = client.get(URL, {"q": "共通議題", **params})
        return [(e.kind, e.meeting_id) for e in response.context["page"]]

    assert titles(body=group.pk) == [("agenda", april.pk)]
    assert titles(year=2024, kind="agenda") == [("agenda", march.pk)]  # 2025-03-31 is FY2024
    assert titles(year=2025) == [("agenda", april.pk)]
    assert [e.speaker_id for e in client.get(URL, {"q": "共通議題", "speaker": ueda.pk}).context["page"]] == [
        ueda.pk
    ]
    assert len(titles(kind="remark")) == 2
    page = client.get(URL).content.decode()
    assert "令和6年度" in page and "令和7年度" in page  # the year choices, by fiscal year


def test_a_2_character_word_is_looked_up_through_the_gin_index(secretariat):
    make_meeting(make_body(), secretariat)
    words = query_words("申請")
    sql, params = SearchEntry.objects.matching(words).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "council_search_grams_gin" in plan, plan


@pytest.mark.parametrize("who", ["anonymous", "staff", "secretariat"])
def test_the_results_page_is_flat(
    client, cast, who, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    secretariat = cast["secretariat"]
    if cast[who]:
        sign_in(client, cast[who])
    body = make_body()

    def meeting_with_results(i: int) -> None:
        meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
        add_agenda_item(meeting=meeting, by=secretariat, title=f"情報{i}")
        upload(meeting, secretariat, "1", f"情報 {i}", capture=django_capture_on_commit_callbacks)
        upload(
            meeting,
            secretariat,
            "2",
            "情報",
            audience=Audience.LOCAL_GOVERNMENTS,
            capture=django_capture_on_commit_callbacks,
        )

    meeting_with_results(0)
    with CaptureQueriesContext(connection) as few:
        response = client.get(URL, {"q": "情報", "year": 2026})
    assert response.status_code == 200 and response.context["page"].paginator.count >= 2
    for i in range(1, 8):
        meeting_with_results(i)
    with django_assert_max_num_queries(len(few)):
        response = client.get(URL, {"q": "情報", "year": 2026})
    assert response.context["page"].paginator.count >= 16


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "a\x00b"},
        {"q": "%_\\"},
        {"q": "' OR 1=1 --"},
        {"q": "𠮷野家"},
        {"q": "情報", "year": "abc"},
        {"q": "情報", "year": "99999999999999999999"},
        {"q": "情報", "body": "-1"},
        {"q": "情報", "speaker": "1e309"},
        {"q": "情報", "kind": "<script>"},
        {"q": "情報", "page": "-1"},
        {"q": "　 "},
        {"q": "a b c d e f g h i j k l m n"},
    ],
)
def test_hostile_input_never_breaks_the_search(client, params, secretariat):
    make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    # A NUL byte is refused by the request checks before the view (400); everything else is a page.
    assert client.get(URL, params).status_code == (400 if "\x00" in params["q"] else 200)


def test_the_search_form_works_without_a_query_and_keeps_what_was_typed(client, db):
    assert client.get(URL).status_code == 200
    page = client.get(URL, {"q": "ＤＸ 推進"}).content.decode()
    assert 'value="ＤＸ 推進"' in page and "検索結果 0件" in page


def test_the_count_stops_at_the_cap_and_says_so(client, secretariat, monkeypatch):
    from council.views.search import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "CAP", 2)
    for _i in range(3):
        make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    page = client.get(URL, {"q": "協議会"}).content.decode()
    assert "検索結果 2件以上" in page
    monkeypatch.setattr(CappedPaginator, "CAP", 3)
    assert "検索結果 3件</h2>" in client.get(URL, {"q": "協議会"}).content.decode()


def test_a_database_error_during_extraction_is_retried(secretariat, django_capture_on_commit_callbacks):
    from django.db import OperationalError

    meeting = make_meeting(make_body(), secretariat)
    with django_capture_on_commit_callbacks(execute=False):
        material = add_material(meeting, secretariat, data=pdf("再試行"))
    real = extract_version_text
    calls = []

    def flaky(*, version_id):
        calls.append(version_id)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(version_id=version_id)

    with mock.patch("council.services.search.extract_version_text", flaky):
        result = extract_material_text.apply(args=[material.current.pk], throw=False)
    assert result.get() == MaterialText.Status.DONE and len(calls) == 2


def test_the_snippet_shows_the_word_in_the_text_even_when_the_title_has_it_too(
    client, secretariat, django_capture_on_commit_callbacks
):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    long_line = "前置きの文章です。" * 20 + "情報システムの標準化"
    upload(
        meeting, secretariat, "1", long_line, title="情報の資料", capture=django_capture_on_commit_callbacks
    )
    page = client.get(URL, {"q": "情報"}).content.decode()
    assert "<mark>情報</mark>の資料" in page and "<mark>情報</mark>システムの標準化" in page
