import csv

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from portal.models import Organisation, RegionalFramework, lg_check_digit
from portal.models.organisations import validate_lg_code
from portal.reference_data import DEFAULT_CSV, load_local_governments
from tests.conftest import HIROSHIMA


@pytest.mark.parametrize(("code", "digit"), [("13000", 1), ("34000", 6), ("01100", 2), ("34545", 8)])
def test_check_digit_follows_the_published_formula(code, digit):
    assert lg_check_digit(code) == digit


@pytest.mark.parametrize("bad", ["130002", "13000", "1300011", "48000X", "480001", "１３０００１"])
def test_invalid_codes_are_refused_with_a_message(bad):
    with pytest.raises(ValidationError):
        validate_lg_code(bad)


@pytest.mark.django_db
def test_every_local_government_is_loaded_with_a_valid_code():
    counts = {kind: Organisation.objects.filter(kind=kind).count() for kind in Organisation.Kind.values}
    assert counts["prefecture"] == 47
    assert Organisation.objects.municipalities().count() == 1741
    assert counts["ward"] == 175
    for code in Organisation.objects.filter(lg_code__isnull=False).values_list("lg_code", flat=True):
        validate_lg_code(code)
    assert RegionalFramework.objects.count() == 47


@pytest.mark.django_db
def test_wards_belong_to_their_city_and_municipalities_to_their_prefecture():
    ward = Organisation.objects.get(name="札幌市中央区")
    assert ward.parent.name == "札幌市"
    assert ward.prefecture.name == "北海道"
    town = Organisation.objects.get(lg_code="345458")
    assert town.parent == town.prefecture == Organisation.objects.get(lg_code=HIROSHIMA)


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_says_so(capsys):
    call_command("load_local_governments")
    assert "nothing changed (1963 rows up to date)" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_renamed_body_is_updated_and_reported(tmp_path):
    rows = list(csv.DictReader(DEFAULT_CSV.open(encoding="utf-8")))
    for row in rows:
        if row["lg_code"] == "345458":
            row["name"] = "神石高原市"
    changed = tmp_path / "lg.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)
    report = load_local_governments(changed)
    assert report.created == 0
    assert report.updated == ["345458 name: '神石高原町' → '神石高原市'"]
    assert Organisation.objects.get(lg_code="345458").name == "神石高原市"


@pytest.mark.django_db
def test_a_file_with_a_broken_check_digit_is_refused_whole(tmp_path):
    broken = tmp_path / "lg.csv"
    broken.write_text(
        "lg_code,prefecture_code,kind,name,name_kana,name_en,parent_lg_code,lat,lng\n"
        "340007,34,prefecture,広島県,ひろしまけん,Hiroshima,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="340007"):
        load_local_governments(broken)


def test_organisation_list_searches_by_name_and_filters_by_prefecture(client, reference_data):
    hiroshima = Organisation.objects.get(lg_code=HIROSHIMA)
    response = client.get("/organisations/", {"q": "高原", "prefecture": hiroshima.pk})
    assert response.status_code == 200
    names = [o.name for o in response.context["page"]]
    assert names == ["神石高原町"]


def test_organisation_list_answers_htmx_with_the_results_fragment_only(client, reference_data):
    response = client.get("/organisations/", {"q": "新庄"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "新庄村" in body
    assert "<html" not in body


def test_the_national_status_table_lists_prefectures_in_code_order(client, db):
    frameworks = list(client.get("/").context["frameworks"])
    assert [f.prefecture.lg_code for f in frameworks][:3] == ["010006", "020001", "030007"]
    assert len(frameworks) == 47
