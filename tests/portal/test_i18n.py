"""Every interface string has an English translation; the compiled catalogues match the sources."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


def po_entries(path: Path):
    """(flags, msgid, translations) of every entry of a .po file."""
    for entry in polib.pofile(str(path)):
        strs = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        yield ",".join(entry.flags), entry.msgid, strs


@pytest.mark.parametrize("language", ["en", "ja"])
def test_no_message_is_untranslated_or_fuzzy(language):
    entries = list(po_entries(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(entries) > (200 if language == "en" else 0)
    problems = [msgid for flags, msgid, strs in entries if msgid and ("fuzzy" in flags or not all(strs))]
    assert problems == []


def test_english_translations_contain_no_japanese():
    japanese = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
    leftovers = [
        msgid
        for _f, msgid, strs in po_entries(LOCALE / "en/LC_MESSAGES/django.po")
        if msgid and any(japanese.search(s) for s in strs)
    ]
    assert leftovers == []


@pytest.mark.parametrize("language", ["en", "ja"])
def test_compiled_catalogue_matches_the_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in polib.pofile(str(folder / "django.po")):
        if entry.msgid_plural:
            continue
        found = (
            compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)
        )
        assert found == entry.msgstr, f"django.mo is stale for {entry.msgid!r}: run make messages"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (CI installs it)")
def test_the_catalogue_holds_every_string_of_the_code(tmp_path):
    """makemessages finds no msgid that the committed English catalogue lacks."""
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".pgdata", ".git", "media", "staticfiles", "__pycache__"),
    )
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; settings.configure(USE_I18N=True, "
            "LOCALE_PATHS=['locale']); django.setup(); from django.core.management import call_command; "
            "call_command('makemessages', locale=['en'], no_obsolete=True, no_location=True, "
            "ignore_patterns=['tests/*', 'staticfiles/*'], verbosity=0)",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=300,
    )
    fresh = {msgid for _f, msgid, _s in po_entries(copy / "locale/en/LC_MESSAGES/django.po")}
    committed = {msgid for _f, msgid, _s in po_entries(LOCALE / "en/LC_MESSAGES/django.po")}
    assert sorted(fresh - committed) == [], "run make messages and translate the new strings"
