"""The one text source stays whole: every key translated in az, ru and en, the same
placeholders in each, the catalogue in step with the code, the .mo files compiled from
their .po, no fuzzy entries, and no user-facing Azerbaijani or Russian outside it."""

from __future__ import annotations

import ast
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from server_sync.kernel.i18n import LANGUAGES
from server_sync.kernel.i18n_extract import KEYWORDS

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "assets" / "locale"
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)[^{}]*\}")


def _po(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / "asanq.po").open("rb") as f:
        return read_po(f, locale=language)


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _forms(string: str | tuple[str, ...]) -> tuple[str, ...]:
    return (string,) if isinstance(string, str) else tuple(string)


CATALOGUES = {lang: _po(lang) for lang in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_in_every_form(language: str) -> None:
    catalogue = CATALOGUES[language]
    missing = [
        _key(m.id)
        for m in catalogue
        if m.id
        and (
            not all(_forms(m.string))
            or len(_forms(m.string)) < (catalogue.num_plurals if m.pluralizable else 1)
        )
    ]
    assert missing == []


def test_russian_plurals_have_three_forms_from_cldr() -> None:
    assert CATALOGUES["ru"].num_plurals == 3
    people = CATALOGUES["ru"]["common.people_ahead"]
    assert people is not None
    assert len(_forms(people.string)) == 3


def test_placeholders_are_the_same_in_every_language() -> None:
    differ = {}
    az = CATALOGUES["az"]
    for message in az:
        if not message.id:
            continue
        names = {
            lang: {
                frozenset(PLACEHOLDER.findall(form))
                for form in _forms(CATALOGUES[lang][message.id].string)  # type: ignore[union-attr]
            }
            for lang in LANGUAGES
        }
        if len({frozenset().union(*n) for n in names.values()}) > 1:
            differ[_key(message.id)] = names
    assert differ == {}


def test_every_language_has_the_same_keys() -> None:
    keys = {lang: {_key(m.id) for m in c if m.id} for lang, c in CATALOGUES.items()}
    assert keys["az"] == keys["ru"] == keys["en"]


def test_no_fuzzy_entries() -> None:
    fuzzy = [(lang, _key(m.id)) for lang, c in CATALOGUES.items() for m in c if m.id and m.fuzzy]
    assert fuzzy == []


def _extracted() -> set[str]:
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    return {
        _key(messages) if isinstance(messages, tuple) else messages
        for _file, _line, messages, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS
        )
    }


def test_the_catalogue_is_in_step_with_the_code() -> None:
    """A key used in code but not in the catalogue, or a key no code uses: run `make i18n`."""
    used = _extracted()
    known = {_key(m.id) for m in CATALOGUES["az"] if m.id}
    assert sorted(used - known) == [], "used in code, missing from the catalogue"
    assert sorted(known - used) == [], "in the catalogue, used by no code"
    with (LOCALE / "asanq.pot").open("rb") as f:
        template = {_key(m.id) for m in read_po(f) if m.id}
    assert template == used


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_mo_is_the_compilation_of_its_po(language: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, CATALOGUES[language])
    shipped = (LOCALE / language / "LC_MESSAGES" / "asanq.mo").read_bytes()
    assert compiled.getvalue() == shipped, "stale .mo: run `make i18n`"


def test_our_qt_azerbaijani_is_compiled_from_its_ts(tmp_path: Path) -> None:
    venv_tool = ROOT / ".venv" / "bin" / "pyside6-lrelease"
    lrelease = shutil.which("pyside6-lrelease") or (str(venv_tool) if venv_tool.exists() else None)
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    out = tmp_path / "qtbase_az.qm"
    subprocess.run(
        [lrelease, "-silent", str(LOCALE / "qt" / "qtbase_az.ts"), "-qm", str(out)], check=True
    )
    assert out.read_bytes() == (LOCALE / "qt" / "qtbase_az.qm").read_bytes()


# -- no user-facing text outside the catalogue ------------------------------------------
_LOCAL_LETTERS = re.compile(r"[\u0400-\u04ffəƏğĞşŞıİ]")
#: Literals allowed to carry Azerbaijani or Russian letters, and why.
_ALLOWED_FILES = {
    # the spoken hall call is recorded Azerbaijani: clip names and the words they say
    "kiosk_app/domain/announcement.py",
    "kiosk_app/domain/numbers_speech.py",
    # Azerbaijani alphabetical order and case folding are rules, not words
    "kiosk_app/domain/report.py",
    "server_sync/kernel/text.py",
    # month names and endings a citizen types into the history's date search (input rules)
    "server_sync/domain/loose_dates.py",
    # the letters of the on-screen keyboards
    "kiosk_app/presenters/kiosk/menu.py",
    # demo people and staff accounts (data, like the demo catalogue)
    "kiosk_app/services/demo_data.py",
    "kiosk_app/composition/staff.py",
    # the printer test page's letters and place names (test data)
    "hardware/printing/samples.py",
    # each language's own name, the same on every screen
    "server_sync/kernel/i18n.py",
}
#: Names that are the same in every language: the service's brand and the product.
_ALLOWED_WORDS = ("ASAN xidmət", "ASAN növbə")


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def _local_text(text: str) -> bool:
    for word in _ALLOWED_WORDS:
        text = text.replace(word, "")
    return bool(_LOCAL_LETTERS.search(text))


def test_no_azerbaijani_or_russian_literal_outside_the_catalogue() -> None:
    found = []
    for package in ("kiosk_app", "server_sync", "hardware"):
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in _ALLOWED_FILES or "/migrations/" in rel:
                continue
            found += [
                f"{rel}:{line}: {text!r}" for line, text in _literals(path) if _local_text(text)
            ]
    assert found == []


def test_no_azerbaijani_or_russian_text_in_templates() -> None:
    found = []
    for path in sorted(ROOT.glob("server_sync/**/templates/*.html")) + sorted(
        ROOT.glob("server_sync/**/mail_templates/*")
    ):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            outside = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", line)
            outside = outside.replace("Dil / Язык / Language", "")  # the language switch's label
            if _local_text(outside):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


# -- the glossary in the README is the catalogue's wording -------------------------------
def _glossary() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("### Glossary", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            rows.append((cells[0].strip("`"), " | ".join(cells[1:])))
    return rows


def test_the_readme_glossary_quotes_the_catalogue() -> None:
    rows = _glossary()
    assert len(rows) >= 8
    for key, words in rows:
        az, ru, en = (w.strip() for w in words.split(" | "))
        for lang, word in zip(LANGUAGES, (az, ru, en), strict=True):
            message = CATALOGUES[lang][key]
            assert message is not None, key
            assert word in _forms(message.string), (key, lang, word)
