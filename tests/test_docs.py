"""The documents cannot rot: every command they show exists, and every file they link to is there.

A shell line in a ```sh block must be a Makefile target, a manage.py command, a pytest run on paths
that exist, a script in bin/, or one of the few outside tools named below; a relative link must
point at a file or folder of the repository.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
from django.core.management import get_commands
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["README.md", "CONTRIBUTING.md", "docs/architecture.md"]
SHELL_BLOCK = re.compile(r"^```(?:sh|shell|bash)\n(.*?)^```", re.S | re.M)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
ENV_ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-z][\w-]*):", text, re.M))


def dev_requirements() -> dict[str, Requirement]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    requirements = map(Requirement, pyproject["project"]["optional-dependencies"]["dev"])
    return {requirement.name.lower(): requirement for requirement in requirements}


def shell_lines(doc: str) -> list[str]:
    lines = []
    for block in SHELL_BLOCK.findall((ROOT / doc).read_text()):
        for line in block.splitlines():
            line = re.sub(r"(^|\s)#.*$", "", line).strip()
            if line:
                lines.append(line)
    return lines


def problems_with(words: list[str]) -> list[str]:
    """Why a command would not run here (empty if it would)."""
    while words and ENV_ASSIGNMENT.match(words[0]):
        words = words[1:]
    program, args = words[0], words[1:]
    if program == "make":
        targets = [a for a in args if not a.startswith("-") and not ENV_ASSIGNMENT.match(a)]
        return [f"no Makefile target {t!r}" for t in targets if t not in make_targets()]
    if program in (".venv/bin/python", "python"):
        if args[:1] == ["manage.py"]:
            return [] if args[1] in get_commands() else [f"no manage.py command {args[1]!r}"]
        if args[:2] == ["-m", "pytest"]:
            paths = [a.split("::")[0] for a in args[2:] if not a.startswith("-")]
            return [f"no such test path {p!r}" for p in paths if not (ROOT / p).exists()]
        return [f"unchecked python invocation {args}"]
    if program == ".venv/bin/pre-commit":
        ok = (ROOT / ".pre-commit-config.yaml").exists() and "pre-commit" in dev_requirements()
        return [] if ok and args[:1] in (["install"], ["run"]) else ["pre-commit is not set up"]
    if program.startswith("bin/"):
        path = ROOT / program
        return [] if path.is_file() and path.stat().st_mode & 0o111 else [f"no executable {program}"]
    if program == "apt-get":
        return [] if args[:1] == ["install"] else [f"unexpected apt-get {args}"]
    if program == "cp":
        return [] if (ROOT / args[0]).exists() else [f"no file {args[0]!r} to copy"]
    if program == "docker" and args[:1] == ["compose"]:
        compose = (ROOT / "docker-compose.yml").read_text()
        if args[1:2] == ["exec"]:
            service, command = args[2], args[3:]
            if not re.search(rf"^  {re.escape(service)}:", compose, re.M):
                return [f"no compose service {service!r}"]
            return problems_with(command)
        return []
    return [f"unknown program {program!r}: teach tests/test_docs.py how to check it"]


@pytest.mark.parametrize("doc", DOCS)
def test_every_command_a_document_shows_exists(doc):
    lines = shell_lines(doc)
    assert lines or doc == "docs/architecture.md", f"{doc} shows no commands: is the parser broken?"
    problems = {line: problems_with(shlex.split(line)) for line in lines}
    assert {line: why for line, why in problems.items() if why} == {}


@pytest.mark.parametrize("doc", DOCS)
def test_every_make_target_and_manage_py_command_named_in_the_text_exists(doc):
    text = (ROOT / doc).read_text()
    targets = set(re.findall(r"`make ([a-z][\w-]*)", text))
    commands = set(re.findall(r"manage\.py ([a-z_]+)", text))
    assert targets - make_targets() == set()
    assert commands - set(get_commands()) == set()


@pytest.mark.parametrize("doc", DOCS)
def test_every_relative_link_of_a_document_points_at_a_file(doc):
    path = ROOT / doc
    broken = []
    for target in LINK.findall(path.read_text()):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        if not (path.parent / target.split("#")[0]).resolve().exists():
            broken.append(target)
    assert broken == []


def test_the_pre_commit_hooks_use_the_versions_the_dev_extra_allows():
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    pins = set(re.findall(r'additional_dependencies: \["([^"]+)"\]', config))
    assert pins, "no pinned hook dependencies found"
    dev = dev_requirements()
    for pin in map(Requirement, pins):
        version = next(iter(pin.specifier)).version
        assert pin.name.lower() in dev, f"{pin.name} is not in the dev extra"
        assert dev[pin.name.lower()].specifier.contains(version), f"{pin} is outside {dev[pin.name.lower()]}"
        assert dev[pin.name.lower()].specifier.contains("9999") is False, f"{pin.name} has no upper bound"


def test_the_readme_points_at_the_documents_in_the_repository():
    readme = (ROOT / "README.md").read_text()
    assert "../shared" not in readme
    assert "docs/architecture.md" in readme
    assert "CONTRIBUTING.md" in readme
