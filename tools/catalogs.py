"""tripplan's message catalogs: extract the words from the code, merge them into each
language's `.po`, compile the `.mo` files the package ships.

    python tools/catalogs.py           # after changing any user-visible string
    python tools/catalogs.py --check   # exit 1 when a catalog is not up to date (the tests)

The template (`src/tripplan/locale/tripplan.pot`) is what Babel extracts with babel.cfg;
each `src/tripplan/locale/LANG/LC_MESSAGES/tripplan.po` is the translation, kept by hand,
and `tripplan.mo` beside it is compiled from it here (shipped compiled, so that an install
needs no build step). tests/test_catalogs.py fails when a string the code says is not in
the template, when a language lacks a translation of one, and when a `.mo` is stale.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "tripplan" / "locale"
TEMPLATE = LOCALE / "tripplan.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
HEADER = """\
# tripplan's own words (tables, headings, findings as the views word them, the booklet and
# the timeline). The messages of bad input (a file's errors, a refused option) stay English:
# they quote the file's keys and values, which are English words of the trip format, and a
# message pasted into an issue or a search reads the same for everyone.
#"""


def extract() -> Catalog:
    """The template: every message the code and the templates say, with where."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    template = Catalog(project="tripplan", header_comment=HEADER, fuzzy=False)
    found = extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    )
    for path, line, message, comments, context in found:
        template.add(message, None, [(path, line)], auto_comments=comments, context=context)
    return template


def languages() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/tripplan.po"))


def merged(template: Catalog, po: Path) -> Catalog:
    with po.open("rb") as file:
        catalog = read_po(file, locale=po.parent.parent.name)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return catalog


def text_of(catalog: Catalog, **options: bool) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, no_location=True, **options)
    return out.getvalue()


def mo_of(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def wanted() -> dict[Path, bytes]:
    """Each catalog file as it should be."""
    template = extract()
    files = {TEMPLATE: text_of(template, sort_output=True)}
    for po in languages():
        catalog = merged(template, po)
        files[po] = text_of(catalog, sort_output=True)
        files[po.with_suffix(".mo")] = mo_of(catalog)
        dates = date_words(po.parent.parent.name)
        if dates is not None:
            files[po.parent.parent / "dates.json"] = dates
    return files


# The CLDR fields a shipped date table may hold, with the names each needs (tripplan.lang
# fills the others from the date's numbers, as CLDR defines them).
NAMED = {"MMM": ("months", "format", "abbreviated"), "MMMM": ("months", "format", "wide")}
NAMED |= dict.fromkeys(("E", "EE", "EEE"), ("days", "format", "abbreviated"))
NAMED |= {"EEEE": ("days", "format", "wide")}
NUMBERED = {"y", "yyyy", "M", "MM", "d", "dd"}


def date_words(code: str) -> bytes | None:
    """The date forms tripplan writes (`MMMEd`, `yMMMEd`, as Babel's format_skeleton
    matches them) in a language, compiled from Babel's CLDR into a small table, so that a
    shipped language writes its dates without loading Babel (40 ms): its patterns as
    %-format strings and the month and weekday names they use. None when a pattern needs a
    field the table cannot hold (that language then asks Babel at run time).
    tests/test_i18n.py compares the table's dates with Babel's, day by day."""
    import json

    from babel import Locale
    from babel.dates import match_skeleton

    locale = Locale.parse(code)
    table: dict[str, object] = {}
    for skeleton in ("MMMEd", "yMMMEd"):
        key = skeleton
        if skeleton not in locale.datetime_skeletons:
            key = match_skeleton(skeleton, locale.datetime_skeletons) or skeleton
        pattern = locale.datetime_skeletons[key]
        fields = {char * count for char, count in _fields(pattern)}
        if not fields <= set(NAMED) | NUMBERED:
            return None
        table[skeleton] = pattern.format
        for field in fields & set(NAMED):
            kind, context, width = NAMED[field]
            names = getattr(locale, kind)[context][width]
            table[field] = [names[n] for n in (range(1, 13) if kind == "months" else range(7))]
    text = json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")


def _fields(pattern: object) -> list[tuple[str, int]]:
    from babel.dates import tokenize_pattern

    return [value for kind, value in tokenize_pattern(pattern.pattern) if kind == "field"]


def main(argv: list[str]) -> int:
    stale = []
    for path, data in wanted().items():
        old = path.read_bytes() if path.exists() else None
        if not same(path, old, data):
            stale.append(path)
            if "--check" not in argv:
                path.write_bytes(data)
    for path in stale:
        verb = "stale" if "--check" in argv else "wrote"
        print(f"{verb}: {path.relative_to(ROOT)}", file=sys.stderr)
    return 1 if stale and "--check" in argv else 0


def same(path: Path, old: bytes | None, new: bytes) -> bool:
    """Whether a catalog file holds what it should, the dates it was made on aside (a
    compiled .mo by its messages: its header holds the template's date)."""
    if old is None:
        return False
    if path.suffix == ".mo":
        return _messages(old) == _messages(new)
    if path.suffix in (".po", ".pot"):  # by what it says, however a Babel lays it out
        return _entries(old) == _entries(new) and _header(old) == _header(new)
    return old == new


def _entries(po: bytes) -> list[tuple[object, ...]]:
    catalog = read_po(io.BytesIO(po))
    return sorted(
        (repr(m.id), repr(m.string), m.fuzzy, tuple(m.auto_comments)) for m in catalog if m.id
    )


def _header(po: bytes) -> bytes:
    """The comment above a catalog's messages (why errors stay English)."""
    return po.split(b'msgid ""', 1)[0]


def _messages(mo: bytes) -> dict[object, str]:
    import gettext

    compiled = gettext.GNUTranslations(io.BytesIO(mo))
    messages: dict[object, str] = compiled._catalog  # type: ignore[attr-defined]
    return {key: text for key, text in messages.items() if key != ""}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
