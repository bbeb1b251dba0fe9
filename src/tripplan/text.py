"""Free text made safe to show: no Rich or terminal knowledge, so the core and the CLI's
error boundary can use it without loading a renderer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def visible(text: str) -> str:
    """Control and formatting characters (ANSI escapes, newlines, right-to-left overrides)
    written as escapes, so free text can neither drive the terminal nor reflow a table.

    The one escaping of tables and messages (docs/input-safety.md): C0 controls with tab
    and newline (`\\x1b`, `\\n`), DEL, C1 controls, bidi controls, line and paragraph
    separators, zero-width and other format characters, unassigned code points (`\\u202e`);
    spaces other than U+0020 too (`\\u00a0`: a table's every line is printable text).
    Right-to-left letters stay as written. A file name's bytes that the locale could not
    decode (surrogate escapes) are read as UTF-8 again, an invalid byte shown as `\\xff`.

    >>> visible("Zürich \\x1b[2J \\x9b31m \\u202eabc\\u2028 مرحبا")
    'Zürich \\\\x1b[2J \\\\u009b31m \\\\u202eabc\\\\u2028 مرحبا'
    """
    if text.isprintable():
        return text
    text = _undecoded_as_utf8(text)
    return "".join(ch if ch.isprintable() else _escaped(ch) for ch in text)


def _escaped(ch: str) -> str:
    if ch.isascii():
        return ch.encode("unicode_escape").decode("ascii")  # \\t, \\n, \\x1b, \\x7f
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _undecoded_as_utf8(text: str) -> str:
    """Surrogate escapes (from argv or a file name under a non-UTF-8 locale, such as
    LC_ALL=C with PYTHONUTF8=0) decoded as the UTF-8 they usually are."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that escapes no byte: shown as \\udXXX below
        return text


def slug(text: str, limit: int) -> str:
    """Lower-case ASCII words joined by hyphens (accents folded, other scripts dropped)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_JUNK.sub("-", folded.lower()).strip("-")[:limit].rstrip("-")


def type_name(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    for kind, name in names.items():
        if type(value) is kind:
            return name
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time of day"
    if isinstance(value, list):
        return "an array"
    return "a table" if isinstance(value, dict) else type(value).__name__


def close_matches(word: str, choices: Iterable[str]) -> list[str]:
    import difflib  # only when refusing a file: it costs start-up time

    return difflib.get_close_matches(word, choices, n=1)


def clip(text: str, limit: int = 60) -> str:
    """Quoted file text in a message stays short: a 5,000-character zone name is a typo."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listing(names: Iterable[str], most: int = 8, *, quoted: bool = False) -> str:
    """Names for a message, the first few of a long list."""
    names = list(names)
    more = f", … ({len(names) - most} more)" if len(names) > most else ""
    shown = [clip(name) for name in names[:most]]
    return ", ".join(map(repr, shown) if quoted else shown) + more


def quote(text: str) -> str:
    short = text if len(text) <= 40 else text[:39] + "…"
    if not short.isprintable():
        short = "".join(ch if ch.isprintable() else "?" for ch in short)
    return f'"{short}"'
