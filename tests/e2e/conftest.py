"""Browser tests: real Chromium (Debian's) through Playwright against Django's live server."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.second_factor import fresh_totp_code

# WCAG 2.1 A/AA, plus the best-practice rule that all content sits inside a landmark.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "rules": {"region": {"enabled": True}},
}
_axe = Axe()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def assert_accessible(page) -> None:
    """Fail on any WCAG 2.1 A/AA (or `region`) violation axe-core finds on the current page."""
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"axe on {page.url}:\n{results.generate_report()}"


# The README shows these and only these (docs/screenshots/); other calls of shot() are no-ops.
README_SHOTS = frozenset(
    {
        "home-ja",
        "coordinator-dashboard-ja",
        "coordinator-framework-en",
        "population-preview-ja",
        "talent-search-demo-ja",
        "talent-profile-demo-en",
        "phone-jobs-ja",
        "phone-menu-ja",
    }
)
# A new image replaces the committed one only when this share of its pixels changed: regenerating
# the screenshots does not add to the repository's history unless a page really changed.
CHANGED_ENOUGH = 0.005


def shot(page, name: str) -> None:
    """Save a README screenshot when SCREENSHOTS_DIR is set (make screenshots), as an optimised
    palette PNG, and only if its page changed visibly since the committed one."""
    folder = os.environ.get("SCREENSHOTS_DIR")
    if not folder or name not in README_SHOTS:
        return
    from PIL import Image, ImageChops

    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")
    if path.exists():
        with Image.open(path) as old:
            old = old.convert("RGB")
            if old.size == image.size:
                difference = ImageChops.difference(old, image).convert("L").point(lambda v: 255 if v else 0)
                changed = difference.histogram()[255] / (image.width * image.height)
                if changed < CHANGED_ENOUGH:
                    return
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def describe(page) -> str:
    """Where the page is and what it says went wrong: for failure messages."""
    errors = page.locator(".notice--error, .field__error, .errorlist, [role=alert]").all_inner_texts()
    visible = " | ".join(" ".join(text.split()) for text in errors if text.strip()) or "(no error shown)"
    return f"page {page.url!r} titled {page.title()!r}; errors on it: {visible}"


def wait_for_url(page, url, *, timeout: float = 30_000) -> None:
    """page.wait_for_url, but a timeout says which page the browser was on and what it showed."""
    try:
        page.wait_for_url(url, timeout=timeout)
    except PlaywrightTimeoutError:
        raise AssertionError(
            f"waited {timeout / 1000:.0f} s for {url!r}; still on {describe(page)}"
        ) from None


def enter_totp(page, secret: str, *, who: str, then) -> None:
    """Type a fresh TOTP code into the page's code field, submit it, and wait for the `then` URL."""
    field = page.locator("input[name=code]")
    field.fill(fresh_totp_code(secret, who=who))
    field.press("Enter")
    wait_for_url(page, then)


JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


def untranslated_text(page, allowed: list[str]) -> list[str]:
    """Visible interface text still in Japanese once the data strings in `allowed` are removed."""
    text = page.locator("body").inner_text()
    for value in sorted(allowed, key=len, reverse=True):
        text = text.replace(value, "")
    return [line.strip() for line in text.splitlines() if JAPANESE.search(line)]


@pytest.fixture
def live(live_server, reference_data, settings):
    settings.SITE_URL = live_server.url
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    return live_server
