"""portal is the floor the apps stand on: it imports none of them (they plug in through
portal.registry from their events.py), and an app's models never import its services or views."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("talentpool", "procurement", "council")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", python_files("portal"), ids=lambda p: str(p.relative_to(ROOT)))
def test_portal_imports_no_app(path):
    assert {m for m in imported_modules(path) if m.split(".")[0] in APPS} == set()


@pytest.mark.parametrize("app", [app for app in APPS if (ROOT / app / "models").is_dir()])
def test_an_apps_models_import_neither_its_services_nor_its_views(app):
    for path in python_files(f"{app}/models"):
        wrong = {m for m in imported_modules(path) if m.startswith((f"{app}.services", f"{app}.views"))}
        assert wrong == set(), path
