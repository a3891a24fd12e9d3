"""The award, and each project as an OCDS 1.1 release package checked against the official schema
(vendored in tests/procurement/ocds/, Apache 2.0)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from portal.models import AuditEvent
from procurement import ocds
from procurement.exceptions import ProcurementError
from procurement.models import Project, Visibility
from procurement.services import awards
from tests.conftest import JINSEKI, KURE
from tests.portal.factories import sign_in
from tests.procurement.factories import make_project, set_visibility

SCHEMAS = Path(__file__).parent / "ocds"
RELEASE_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


def _validator():
    """A Draft 4 validator of the vendored release-package schema, its release schema found under the
    canonical URL it is referred to by (no network at test time)."""
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text())
    release = json.loads((SCHEMAS / "release-schema.json").read_text())
    registry = Registry().with_resource(
        RELEASE_URL, Resource.from_contents(release, default_specification=DRAFT4)
    )
    return Draft4Validator(package, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)


VALIDATOR = _validator()


def validate_package(package: dict) -> list[str]:
    """Every way the package breaks the official OCDS 1.1.5 release-package schema."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(package)]


def organisation_reference_errors(reference: dict) -> list:
    """A contract's buyer (the contract-buyer extension) is an OCDS OrganizationReference."""
    release = json.loads((SCHEMAS / "release-schema.json").read_text())
    schema = {**release, "$ref": "#/definitions/OrganizationReference"}
    return list(Draft4Validator(schema).iter_errors(reference))


def test_the_validator_catches_what_the_schema_forbids():
    assert validate_package({"uri": "x"})  # missing fields
    release = {
        "ocid": "o",
        "id": "i",
        "date": "2026-01-01T00:00:00Z",
        "tag": ["bogus"],
        "initiationType": "tender",
    }
    bad = {
        "uri": "x",
        "publisher": {"name": "p"},
        "publishedDate": "2026-01-01T00:00:00Z",
        "version": "1.1",
        "releases": [release],
    }
    assert any("bogus" in error for error in validate_package(bad))
    release["tag"] = ["planning"]
    assert validate_package(bad) == []
    release["tender"] = {
        "id": "t",
        "value": {"amount": "many", "currency": "JPY"},
    }  # only in the release schema
    assert any("many" in error for error in validate_package(bad))


def test_an_award_is_recorded_only_at_the_award_stage_by_the_lead(coordinator, staff, awarded):
    values = {"supplier_name": "x", "supplier_number": "", "initial_amount": 1, "annual_amount": 1,
              "awarded_on": datetime.date(2026, 11, 1)}  # fmt: skip
    with pytest.raises(ProcurementError):
        awards.record_award(project=awarded, by=coordinator, values=values)
    with pytest.raises(ProcurementError):
        awards.record_award(project=make_project(coordinator), by=staff, values=values)
    assert AuditEvent.objects.for_target(awarded).filter(verb="procurement.award_recorded").exists()


def test_a_public_project_is_a_valid_ocds_package_with_every_buyer_and_a_contract_each(client, awarded):
    set_visibility(awarded, Visibility.PUBLIC)
    response = client.get(reverse("procurement:project-ocds", args=[awarded.pk]))
    package = response.json()
    assert validate_package(package) == []
    (release,) = package["releases"]
    assert release["tag"] == ["contract"]
    buyers = [p["id"] for p in release["parties"] if "buyer" in p["roles"]]
    assert buyers == ["JP-LG-340006", f"JP-LG-{KURE}", f"JP-LG-{JINSEKI}"]
    assert [c["value"]["amount"] for c in release["contracts"]] == [2_192_000, 808_000]  # 1,000-yen unit
    assert [c["buyer"]["id"] for c in release["contracts"]] == [f"JP-LG-{KURE}", f"JP-LG-{JINSEKI}"]
    assert all(not organisation_reference_errors(c["buyer"]) for c in release["contracts"])
    assert package["extensions"] == [ocds.CONTRACT_BUYER_EXTENSION]
    assert sum(c["value"]["amount"] for c in release["contracts"]) == 3_000_000
    page = client.get(reverse("procurement:project-detail", args=[awarded.pk])).content.decode()
    assert reverse("procurement:project-ocds", args=[awarded.pk]) in page and "株式会社テスト" in page


def test_a_project_that_is_not_public_keeps_its_participants_to_itself(client, awarded, other_staff, staff):
    url = reverse("procurement:project-ocds", args=[awarded.pk])
    assert client.get(url).status_code == 404
    set_visibility(awarded, Visibility.LOCAL_GOVERNMENTS)
    sign_in(client, other_staff)
    release = client.get(url).json()["releases"][0]
    assert [p["id"] for p in release["parties"] if "buyer" in p["roles"]] == ["JP-LG-340006"]
    sign_in(client, staff)
    release = client.get(url).json()["releases"][0]
    assert len([p for p in release["parties"] if "buyer" in p["roles"]]) == 3


def test_a_project_in_planning_is_valid_too(client, coordinator):
    project = make_project(coordinator)
    sign_in(client, coordinator)
    package = client.get(reverse("procurement:project-ocds", args=[project.pk])).json()
    assert validate_package(package) == [] and package["releases"][0]["tag"] == ["planning"]


def test_a_lead_signed_contract_names_the_lead_as_its_buyer(client, awarded, coordinator):
    Project.objects.filter(pk=awarded.pk).update(contract_model=Project.ContractModel.LEAD_SIGNS)
    sign_in(client, coordinator)
    package = client.get(reverse("procurement:project-ocds", args=[awarded.pk])).json()
    assert validate_package(package) == []
    (contract,) = package["releases"][0]["contracts"]
    assert contract["buyer"] == {"id": "JP-LG-340006", "name": "広島県"}
    assert contract["value"]["amount"] == 3_000_000


def test_the_ocid_carries_the_prefix_the_operator_registered(client, coordinator, settings):
    project = make_project(coordinator)
    sign_in(client, coordinator)
    settings.OCDS_OCID_PREFIX = "ocds-7x3k9q"
    release = client.get(reverse("procurement:project-ocds", args=[project.pk])).json()["releases"][0]
    assert release["ocid"] == f"ocds-7x3k9q-{project.pk}" and release["id"].startswith(release["ocid"])
