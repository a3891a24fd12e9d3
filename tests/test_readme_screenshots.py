"""The README's eight screenshots are each taken by some browser test (make screenshots)."""

import re
from pathlib import Path

from tests.e2e.conftest import README_SHOTS

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_shows_exactly_the_screenshots_the_tests_take():
    shown = set(re.findall(r"docs/screenshots/([\w-]+)\.png", (ROOT / "README.md").read_text()))
    assert shown == set(README_SHOTS)
    assert len(shown) <= 8
    on_disk = {path.stem for path in (ROOT / "docs/screenshots").glob("*.png")}
    assert on_disk == shown, "docs/screenshots holds only what the README shows"
    tests = "\n".join(path.read_text() for path in (ROOT / "tests/e2e").glob("test_*.py"))
    for name in shown:
        stem = name.rsplit("-", 1)[0]
        assert name in tests or stem in tests, f"no browser test takes {name}"
