"""A status changes one way only: through `transition()` in portal/workflow.py (which locks, checks who
may make the move, saves and audits). This test reads the source of every app and fails on any other
write of a status:

- a call of `.move_to(...)` (only `transition()` moves a row);
- an assignment to `something.status` (also `setattr(x, "status", …)`);
- `status=` (or a "status" key of `defaults=`) in a write: `.update()`, `.create()`, `.get_or_create()`,
  `.update_or_create()`, or the constructor of a model that has a status field.

Reading a status (`filter(status=…)`, `Q(status=…)`, a field definition, a service's `status=` argument,
an HTTP status) is not a write and is allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
APPS = ["portal", "talentpool", "procurement", "council"]
WRITES = {"update", "create", "get_or_create", "update_or_create"}

# The one place a status is written.
HOME = Path("portal/workflow.py")
# Mail deliveries move pending → sent / failed / cancelled inside the delivery worker (portal/tasks.py),
# on a row the worker has locked: system moves without a human actor, audit or permission to check.
# They go through the Workflow mixin's move_to, called from Delivery's own methods and nowhere else.
SYSTEM_MOVES = {(Path("portal/models/notifications.py"), "Delivery")}
# Benchmark scaffolding (DEMO_MODE only): bulk-inserts invented rows in their final state; no row
# changes state there, and thousands of audited transitions would only measure the seeding.
SEEDED = {
    Path("talentpool/management/commands/seed_scale.py"),
    Path("talentpool/management/commands/_scale_dispatch.py"),
    Path("procurement/management/commands/seed_scale_procurement.py"),
    Path("council/management/commands/seed_scale_council.py"),
}


def source_files() -> list[Path]:
    files = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")) if (ROOT / app).is_dir() else []:
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts and "tests" not in relative.parts:
                files.append(relative)
    return files


ALL_MODELS = {model.__name__ for model in apps.get_models()}


def models_with_a_status() -> set[str]:
    """Models whose status is a workflow state (the Workflow mixin); a plain field that happens to be
    called status (an attendance's 出席 / 代理出席 / 欠席) is data, written like any other."""
    from portal.workflow import Workflow

    return {
        model.__name__
        for model in apps.get_models()
        if issubclass(model, Workflow)
        and any(field.name == "status" for field in model._meta.concrete_fields)
    }


def called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def root_name(node: ast.AST) -> str:
    """`Attendance` for `Attendance.objects.update_or_create`: the name a call chain starts from."""
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def writes_a_status(call: ast.Call, status_models: set[str]) -> bool:
    name = called_name(call)
    if name not in WRITES and name not in status_models:
        return False
    root = root_name(call.func)
    if name in WRITES and root in ALL_MODELS and root not in status_models:
        return False  # a write on a model whose "status" is plain data, not a workflow state
    for keyword in call.keywords:
        if keyword.arg == "status":
            return True
        if (
            keyword.arg == "defaults"
            and isinstance(keyword.value, ast.Dict)
            and any(isinstance(k, ast.Constant) and k.value == "status" for k in keyword.value.keys)
        ):
            return True
    return False


def offences(path: Path, status_models: set[str], text: str | None = None) -> list[str]:
    tree = ast.parse(text if text is not None else (ROOT / path).read_text(), filename=str(path))
    found = []

    def visit(node: ast.AST, in_class: str | None) -> None:
        if isinstance(node, ast.ClassDef):
            in_class = node.name
        where = f"{path}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call):
            moves = called_name(node) == "move_to" and isinstance(node.func, ast.Attribute)
            if moves and (path, in_class) not in SYSTEM_MOVES:
                found.append(f"{where}: .move_to() outside transition()")
            if writes_a_status(node, status_models):
                found.append(f"{where}: status= in a write ({called_name(node)})")
            if (
                called_name(node) == "setattr"
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value == "status"
            ):
                found.append(f"{where}: setattr(…, 'status', …)")
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        while targets:
            target = targets.pop()
            if isinstance(target, ast.Tuple | ast.List):
                targets.extend(target.elts)
            elif isinstance(target, ast.Starred):
                targets.append(target.value)
            elif isinstance(target, ast.Attribute) and target.attr == "status":
                found.append(f"{where}: assignment to .status")
        for child in ast.iter_child_nodes(node):
            visit(child, in_class)

    visit(tree, None)
    return found


def test_the_scan_sees_every_app_and_the_kinds_of_write_it_forbids():
    files = source_files()
    assert Path("portal/services.py") in files and Path("talentpool/services/jobs.py") in files
    assert not any("migrations" in f.parts for f in files)
    status_models = models_with_a_status()
    assert {"JobPosting", "Talent", "Invitation", "Delivery", "MaterialVersion", "AgendaItem"} <= (
        status_models
    )
    sample = (
        "posting.move_to('published')\n"
        "posting.status = 'published'\n"
        "counts[posting.status] += 1\n"  # reads a status: allowed
        "JobPosting.objects.filter(pk=1).update(status='published')\n"
        "JobPosting.objects.create(title='x', status='published')\n"
        "Talent.objects.update_or_create(pk=1, defaults={'status': 'published'})\n"
        "JobPosting(title='x', status='published')\n"
        "setattr(posting, 'status', 'published')\n"
        "JobPosting.objects.filter(status='published')\n"  # a read: allowed
        "services.change_job_status(posting=p, status='published', by=u)\n"  # a service call: allowed
    )
    assert len(offences(Path("talentpool/probe.py"), status_models, text=sample)) == 7


@pytest.mark.parametrize("path", source_files(), ids=str)
def test_no_status_changes_outside_transition(path):
    if path == HOME or path in SEEDED:
        return
    assert offences(path, models_with_a_status()) == []
