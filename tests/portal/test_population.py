import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from portal import services
from portal.exceptions import PortalError
from portal.models import Population, PopulationImport
from portal.registry import population_applied
from tests.conftest import HIROSHIMA, JINSEKI, KURE, OKAYAMA, SHINJO, org
from tests.portal.factories import sign_in

REF = date(2026, 1, 1)


def preview(by, data: bytes, *, prefecture=HIROSHIMA, name="pop.csv"):
    return services.preview_population_import(
        data=data,
        file_name=name,
        reference_date=REF,
        prefecture=org(prefecture) if prefecture else None,
        by=by,
    )


def test_a_clean_csv_is_previewed_then_applied_whole(coordinator):
    data = f'lg_code,population\n{JINSEKI},"8,123"\n{KURE},201000\n{HIROSHIMA},2750000\n'.encode()
    result = preview(coordinator, data)
    assert result.error_count == 0
    assert not Population.objects.exists()
    assert services.apply_population_import(population_import=result, by=coordinator) == 3
    assert Population.objects.get(organisation__lg_code=JINSEKI).population == 8123
    assert PopulationImport.objects.get().status == PopulationImport.Status.APPLIED


def test_each_bad_row_gets_its_own_message_and_nothing_is_applied(coordinator):
    data = (
        f"lg_code,population\n{JINSEKI},8000\n999999,10\n{SHINJO},900\n{KURE},abc\n{JINSEKI},8100\n"
    ).encode()
    result = preview(coordinator, data)
    errors = {row["line"]: row["messages"] for row in result.display_rows()}
    assert errors[2] == []
    assert errors[3] == ["団体コード「999999」は登録されていません。"]
    assert errors[4] == ["新庄村は取込の対象範囲外です。"]
    assert errors[5] == ["人口「abc」は0以上の整数ではありません。"]
    assert errors[6] == ["2行目と団体コードが重複しています。"]
    with pytest.raises(PortalError):
        services.apply_population_import(population_import=result, by=coordinator)
    assert not Population.objects.exists()


def test_five_digit_codes_and_shift_jis_are_accepted(coordinator):
    data = f"団体コード,人口\n{JINSEKI[:5]},8000\n".encode("cp932")
    result = preview(coordinator, data)
    assert result.rows[0]["lg_code"] == JINSEKI
    assert result.error_count == 0


def test_xlsx_is_recognised_by_its_content_not_its_name(coordinator):
    workbook = Workbook()
    workbook.active.append(["lg_code", "population"])
    workbook.active.append([int(KURE), 200000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = preview(coordinator, buffer.getvalue(), name="renamed.csv")
    assert result.rows[0]["population"] == 200000
    assert result.error_count == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "ファイルが空です。"),
        (b"PK\x03\x04not really a zip", "Excelファイルを開けません。"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "CSVファイルではないようです。"),
        (b"lg_code,population\n\x81", "CSVの文字コードを読み取れません。"),
        (b"code_x,count\n1,2\n", "列見出しが必要です"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(coordinator, data, message):
    with pytest.raises(PortalError, match=message):
        preview(coordinator, data)


def test_a_coordinator_cannot_import_for_another_prefecture(coordinator):
    with pytest.raises(PortalError):
        preview(coordinator, b"lg_code,population\n", prefecture=OKAYAMA)


def test_only_site_admins_import_nationwide(coordinator, admin_user):
    with pytest.raises(PortalError):
        preview(coordinator, b"lg_code,population\n330001,1\n", prefecture=None)
    result = preview(
        admin_user, f"lg_code,population\n{OKAYAMA},1800000\n{JINSEKI},8000\n".encode(), prefecture=None
    )
    assert result.error_count == 0


def test_the_upload_page_keeps_the_date_and_shows_the_error(client, coordinator):
    sign_in(client, coordinator)
    upload = SimpleUploadedFile("pop.csv", b"\x00\x01garbage", content_type="text/csv")
    response = client.post(
        "/population/import/",
        {"file": upload, "reference_date": "2026-01-01", "prefecture": org(HIROSHIMA).pk},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "CSVファイルではないようです" in body
    assert 'value="2026-01-01"' in body


def test_a_file_over_the_size_limit_is_refused(client, coordinator, settings):
    settings.POPULATION_IMPORT_MAX_BYTES = 10
    sign_in(client, coordinator)
    upload = SimpleUploadedFile("pop.csv", b"lg_code,population\n345458,1\n")
    response = client.post(
        "/population/import/",
        {"file": upload, "reference_date": "2026-01-01", "prefecture": org(HIROSHIMA).pk},
    )
    assert "ファイルが大きすぎます" in response.content.decode()
    assert not PopulationImport.objects.exists()


def test_the_preview_page_applies_on_confirmation(client, coordinator):
    sign_in(client, coordinator)
    result = preview(coordinator, f"lg_code,population\n{JINSEKI},8000\n".encode())
    page = client.get(f"/population/import/{result.pk}/").content.decode()
    assert "取り込む" in page
    client.post(f"/population/import/{result.pk}/apply/", {"action": "apply"})
    assert Population.objects.get().population == 8000
    detail = client.get(f"/organisations/{JINSEKI}/").content.decode()
    assert "8,000" in detail


def test_applying_twice_is_refused(coordinator):
    result = preview(coordinator, f"lg_code,population\n{JINSEKI},8000\n".encode())
    services.apply_population_import(population_import=result, by=coordinator)
    with pytest.raises(PortalError):
        services.apply_population_import(population_import=result, by=coordinator)


def test_row_visibility_matches_the_queryset(coordinator, other_coordinator, admin_user, staff):
    result = preview(coordinator, f"lg_code,population\n{JINSEKI},8000\n".encode())
    for user in (coordinator, other_coordinator, admin_user, staff):
        assert (
            result.is_visible_to(user)
            == PopulationImport.objects.visible_to(user).filter(pk=result.pk).exists()
        )


def test_an_xlsx_whose_xml_is_malformed_is_refused_with_a_clear_message(coordinator):
    import zipfile

    workbook = Workbook()
    workbook.active.append(["lg_code", "population"])
    original = io.BytesIO()
    workbook.save(original)
    damaged = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>0</v></c>"  # never closed
            target.writestr(item, body)
    with pytest.raises(PortalError, match="Excelファイルを開けません"):
        preview(coordinator, damaged.getvalue())


def test_a_large_preview_is_paged_with_the_errors_first(client, admin_user):
    from portal.models import Organisation

    codes = Organisation.objects.filter(kind=Organisation.Kind.TOWN).values_list("lg_code", flat=True)
    lines = [f"{code},{n}" for n, code in enumerate(codes[:249], start=1)] + ["999999,abc"]
    result = preview(admin_user, ("lg_code,population\n" + "\n".join(lines)).encode(), prefecture=None)
    assert result.error_count == 1
    sign_in(client, admin_user)
    response = client.get(f"/population/import/{result.pk}/")
    rows = response.context["rows"]
    assert len(rows) == 100
    assert rows[0]["line"] == 251 and rows[0]["messages"]  # the bad last line comes first
    assert rows[1]["line"] == 2
    assert response.context["page"].paginator.num_pages == 3
    assert client.get(f"/population/import/{result.pk}/?page=3").context["rows"][-1]["line"] == 250


def test_an_empty_cell_is_called_empty_and_a_file_with_errors_does_not_wait_for_review(client, coordinator):
    result = preview(coordinator, f"lg_code,population\n{JINSEKI},\n{KURE},abc\n".encode())
    assert [row["messages"] for row in result.display_rows()] == [
        ["人口が空欄です。"],
        ["人口「abc」は0以上の整数ではありません。"],
    ]
    assert result.status == PopulationImport.Status.DISCARDED
    sign_in(client, coordinator)
    assert "確認待ちの取込はありません。" in client.get("/dashboard/").content.decode()
    page = client.get(f"/population/import/{result.pk}/").content.decode()
    assert "確認待ちにはしていません" in page and 'value="apply"' not in page


def test_after_commit_the_apps_hear_which_organisations_latest_population_changed(
    coordinator, django_capture_on_commit_callbacks
):
    heard = []

    def listen(sender, population_import, organisation_ids, by, **kwargs):
        heard.append((population_import.pk, organisation_ids, by))

    def apply(rows: str, on: date) -> PopulationImport:
        result = services.preview_population_import(
            data=f"lg_code,population\n{rows}".encode(),
            file_name="pop.csv",
            reference_date=on,
            prefecture=org(HIROSHIMA),
            by=coordinator,
        )
        with django_capture_on_commit_callbacks() as callbacks:
            services.apply_population_import(population_import=result, by=coordinator)
        assert heard == []  # nothing before the import has committed
        for callback in callbacks:
            callback()
        return result

    population_applied.connect(listen)
    try:
        first = apply(f"{JINSEKI},8000\n{KURE},200000\n", REF)
        assert heard.pop() == (first.pk, {org(JINSEKI).pk, org(KURE).pk}, coordinator)
        # A new figure, the same figure on a newer date, and a body with no figure yet.
        second = apply(f"{JINSEKI},8100\n{KURE},200000\n{HIROSHIMA},2750000\n", date(2027, 1, 1))
        assert heard.pop() == (second.pk, {org(JINSEKI).pk, org(HIROSHIMA).pk}, coordinator)
        # Figures older than the ones in use change nothing anyone computes.
        third = apply(f"{JINSEKI},1\n", date(2025, 1, 1))
        assert heard.pop() == (third.pk, frozenset(), coordinator)
    finally:
        population_applied.disconnect(listen)
