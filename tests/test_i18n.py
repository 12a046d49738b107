"""The translation catalogs: zh_Hans complete and not fuzzy, English complete, .mo in step with .po."""

import gettext
from pathlib import Path

import pytest

from renda.core.catalogs import parse_po

LOCALE = Path(__file__).resolve().parent.parent / "locale"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def test_there_are_catalogs_for_both_languages():
    langs = {p.parts[-3] for p in CATALOGS}
    assert {"zh_Hans", "en"} <= langs


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_every_entry_is_translated_and_not_fuzzy(po):
    entries = parse_po(po)
    assert entries, f"{po} has no entries"
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]]
    assert not fuzzy, f"fuzzy in {po}: {fuzzy[:10]}"
    assert not untranslated, f"untranslated in {po}: {untranslated[:10]}"


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_compiled_catalog_matches_the_source(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: compile the catalogs"
    with mo.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for entry in parse_po(po):
        context = entry.get("msgctxt")
        if entry.get("msgid_plural"):
            got = (
                compiled.npgettext(context, entry["msgid"], entry["msgid_plural"], 1)
                if context
                else compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            )
        else:
            got = compiled.pgettext(context, entry["msgid"]) if context else compiled.gettext(entry["msgid"])
        assert got == entry["msgstr"][0], f"{mo} is older than {po} for {entry['msgid']!r}"


def test_the_parser_sees_fuzzy_and_empty_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Home"\nmsgstr "首页"\n\n'
        'msgid "Sign in"\nmsgstr ""\n\n'
        'msgid "Long"\nmsgstr ""\n"长"\n"文本"\n',
        encoding="utf-8",
    )
    entries = {e["msgid"]: e for e in parse_po(po)}
    assert "fuzzy" in entries["Home"]["flags"]
    assert entries["Sign in"]["msgstr"] == {0: ""}
    assert entries["Long"]["msgstr"] == {0: "长文本"}
