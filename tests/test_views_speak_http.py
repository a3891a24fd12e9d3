"""Views speak HTTP only: parse, authorise, call a service, respond, in at most 25 lines. A view that
grows past that is doing a service's or a form's work (see CONTRIBUTING.md, "Views and templates")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["talentpool", "procurement", "council"]
MAX_LINES = 25


def view_modules() -> list[Path]:
    modules = sorted(ROOT.glob("portal/views*.py"))
    for app in APPS:
        modules += sorted((ROOT / app).glob("views.py")) + sorted((ROOT / app).glob("views/*.py"))
    return [module.relative_to(ROOT) for module in modules]


def view_functions(path: Path):
    """Module-level functions whose first parameter is the request, with their length in lines
    (from `def` to the last line of the body; decorators and the docstring count, blank lines too)."""
    tree = ast.parse((ROOT / path).read_text(), filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.args.args and node.args.args[0].arg == "request":
            yield node.name, node.end_lineno - node.lineno + 1


def test_the_rule_reads_every_views_module():
    modules = view_modules()
    assert Path("portal/views.py") in modules
    assert Path("talentpool/views/jobs.py") in modules
    assert sum(1 for module in modules for _ in view_functions(module)) > 40


@pytest.mark.parametrize("path", view_modules(), ids=str)
def test_no_view_function_is_over_25_lines(path):
    long = {name: lines for name, lines in view_functions(path) if lines > MAX_LINES}
    assert long == {}, f"{path}: move the workflow into a service, the loading into permissions"
