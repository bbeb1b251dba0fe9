"""The language of human output (cli.md, "Language"): which one speaks, its words, its dates.

One language speaks at a time, held in a context variable: `speaking(code)` sets it for a
block (the command line: for one command, once the trip is read, since the trip's `lang`
is one of the choices; `choose` says the order). `_` (gettext) and `tripplan.words` read
it when they word something, so a view, a finding or a booklet is in the language that
was speaking when it was made.

English is the default and costs nothing: no catalog is read and Babel is not imported;
its words are the source strings and its dates tripplan's own (Tue 16 Nov 2010). Any
other language reads its message catalog (`locale/LANG/LC_MESSAGES/tripplan.mo`, English
words where it has none) and writes dates from CLDR through Babel (`2010년 11월 16일 (화)`):
both only when first asked for.

Machine output (JSON, ICS, written TOML) is made while English speaks, whatever was asked
for: the commands choose a language for their human output only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from babel import Locale

__all__ = ["ENGLISH", "N_", "Language", "_", "choose", "current", "known", "speaking"]

DOMAIN = "tripplan"
LOCALE_DIR = Path(__file__).parent / "locale"
# A language code as people and locales write it: ko, ko-KR, ko_KR, zh_Hant_TW, sr-Latn.
_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}")


class _Catalog(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class Language:
    """A language output is worded in: its code (`en`, `ko`, `fr_CA`), its catalog of
    tripplan's words and its CLDR locale, each read the first time it is needed."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.english = code == "en" or code.startswith("en_")

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    def gettext(self, message: str) -> str:
        return message if self.english else _catalog(self.code).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.english:
            return singular if n == 1 else plural
        return _catalog(self.code).ngettext(singular, plural, n)

    @property
    def locale(self) -> Locale | None:
        """The CLDR locale its dates are written in; None: tripplan's English dates (for
        English, and for a language CLDR does not know)."""
        return None if self.english else _locale(self.code)

    @property
    def has_catalog(self) -> bool:
        return self.english or _catalog_path(self.code) is not None


ENGLISH = Language("en")
_SPEAKING: ContextVar[Language] = ContextVar("tripplan_language", default=ENGLISH)


def current() -> Language:
    """The language speaking now."""
    return _SPEAKING.get()


def _(message: str) -> str:
    """One of tripplan's own messages, in the language speaking now."""
    return _SPEAKING.get().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A message with a number, in the language speaking now (`{n} entry`, `{n} entries`)."""
    return _SPEAKING.get().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """A message marked for the catalog where it is declared (a table of words), and
    translated with `_` where it is said."""
    return message


@contextmanager
def speaking(code: str | Language | None) -> Iterator[Language]:
    """Speak the language `code` (None: English) for a block: the library's way to word
    views, findings and pictures in another language.

    >>> from datetime import date
    >>> from tripplan import words
    >>> with speaking("ko"):
    ...     words.day(date(2010, 11, 16), year=True)
    '2010년 11월 16일 (화)'
    >>> words.day(date(2010, 11, 16), year=True)
    'Tue 16 Nov 2010'
    """
    language = code if isinstance(code, Language) else language_of(code)
    token = _SPEAKING.set(language)
    try:
        yield language
    finally:
        _SPEAKING.reset(token)


def speak(code: str | None) -> Language:
    """Speak `code` from now on in this context (the command line runs each command in a
    context of its own, so one command's language never leaks into the next)."""
    language = language_of(code)
    _SPEAKING.set(language)
    return language


@cache
def language_of(code: str | None) -> Language:
    return ENGLISH if code is None else Language(normal(code) or "en")


# -- which language -------------------------------------------------------------------------

# The locale variables, in POSIX's order: the first one set decides (an empty one is unset).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def choose(flag: str | None, environ: Mapping[str, str], trip_lang: str | None = None) -> str:
    """The language to speak: `--lang`, else `TRIPPLAN_LANG`, else the trip's `lang`, else
    the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English. A locale of C or POSIX is
    English.

    >>> choose(None, {"LANG": "ko_KR.UTF-8"}), choose("fr", {"TRIPPLAN_LANG": "ko"})
    ('ko_KR', 'fr')
    >>> choose(None, {"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}, None)
    'en'
    >>> choose(None, {"LANG": "ko_KR.UTF-8"}, "de")
    'de'
    """
    for given in (flag, environ.get("TRIPPLAN_LANG"), trip_lang):
        if given:
            return normal(given) or "en"
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            return normal(value) or "en"
    return "en"


def normal(code: str) -> str | None:
    """A language code as Babel and gettext name it (ko_KR), from a code or a POSIX locale
    (ko-KR, ko_KR.UTF-8@euro); None: not one (C, POSIX, junk).

    >>> normal("ko-kr"), normal("ko_KR.UTF-8"), normal("zh-hant-tw"), normal("C.UTF-8")
    ('ko_KR', 'ko_KR', 'zh_Hant_TW', None)
    """
    name = code.split(".", 1)[0].split("@", 1)[0].strip()
    if name in ("C", "POSIX") or not _CODE.fullmatch(name):
        return None
    first, *rest = re.split(r"[-_]", name)
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())  # a script: Hant, Latn
        elif len(part) in (2, 3):
            parts.append(part.upper())  # a territory: KR, 419
        else:
            parts.append(part)
    return "_".join(parts)


def well_formed(code: str) -> bool:
    """A language code as the trip's `lang` and `--lang` take it (ko, ko-KR, fr_CA)."""
    return _CODE.fullmatch(code) is not None and normal(code) is not None


def known(code: str) -> bool:
    """Whether tripplan can speak `code` beyond English: a catalog of its words, or CLDR's
    dates (English itself is known)."""
    language = language_of(code)
    return language.english or language.has_catalog or language.locale is not None


def catalogs() -> list[str]:
    """The languages tripplan's own words are translated into, besides English."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))


# -- what each language reads, once --------------------------------------------------------


def _fallbacks(code: str) -> list[str]:
    """ko_KR, then ko: the most particular catalog or locale first."""
    parts = code.split("_")
    return ["_".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _catalog_path(code: str) -> Path | None:
    for name in _fallbacks(code):
        path = LOCALE_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.is_file():
            return path
    return None


@cache
def _catalog(code: str) -> _Catalog:
    """The language's compiled catalog (English words for a language without one)."""
    import gettext

    path = _catalog_path(code)
    if path is None:
        return gettext.NullTranslations()
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)


@cache
def _locale(code: str) -> Locale | None:
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:  # an install without Babel: tripplan's English dates
        return None

    for name in _fallbacks(code):
        try:
            return Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            continue
    return None


# -- dates in CLDR's words ------------------------------------------------------------------


def cldr_day(code: str, moment: date, year: bool) -> str | None:
    """A date with its weekday, as CLDR writes it in the language (None: English's own);
    a datetime's own wall date.

    >>> cldr_day("ko", date(2010, 11, 16), True), cldr_day("fr", date(2010, 11, 16), False)
    ('2010년 11월 16일 (화)', 'mar. 16 nov.')
    """
    # By the wall date alone: aware datetimes of one instant are equal in any zones.
    return _cldr_day(code, date(moment.year, moment.month, moment.day), year)


@lru_cache(maxsize=4096)  # a view says a few dates, many times
def _cldr_day(code: str, moment: date, year: bool) -> str | None:
    skeleton = "yMMMEd" if year else "MMMEd"
    shipped = _shipped_dates(code)
    if shipped is not None:
        pattern: str = shipped[skeleton]
        return pattern % _date_fields(shipped, moment)
    locale = language_of(code).locale
    if locale is None:
        return None
    from babel.dates import format_skeleton

    return format_skeleton(skeleton, moment, locale=locale)


@cache
def _shipped_dates(code: str) -> dict[str, Any] | None:
    """The date forms of a language that tripplan ships (`locale/LANG/dates.json`, compiled
    from Babel's CLDR by tools/catalogs.py): the same dates as Babel writes, without the
    40 ms of loading Babel and its locale data. None: ask Babel."""
    for name in _fallbacks(code):
        path = LOCALE_DIR / name / "dates.json"
        if path.is_file():
            import json

            table: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return table
    return None


def _date_fields(table: Mapping[str, Any], moment: date) -> dict[str, str]:
    """A date's CLDR fields as a shipped table's patterns use them: the numbers as CLDR
    defines them (y: the year's digits, dd: the day in two), the names from the table."""
    fields = {
        "y": str(moment.year),
        "yyyy": f"{moment.year:04d}",
        "M": str(moment.month),
        "MM": f"{moment.month:02d}",
        "d": str(moment.day),
        "dd": f"{moment.day:02d}",
    }
    for field, names in table.items():
        if isinstance(names, list):
            fields[field] = names[moment.month - 1] if field[0] == "M" else names[moment.weekday()]
    return fields
