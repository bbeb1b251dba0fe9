"""Free text made safe to show: no Rich or terminal knowledge, so the core and the CLI's
error boundary can use it without loading a renderer."""

from __future__ import annotations

import re
import unicodedata

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def visible(text: str) -> str:
    """Control and formatting characters (ANSI escapes, newlines, right-to-left overrides)
    written as escapes, so free text can neither drive the terminal nor reflow a table."""
    if text.isprintable():
        return text
    return "".join(
        ch
        if ch.isprintable() or (ch == " ")
        else (ch.encode("unicode_escape").decode("ascii") if ch.isascii() else f"\\u{ord(ch):04x}")
        for ch in text
    )


def slug(text: str, limit: int) -> str:
    """Lower-case ASCII words joined by hyphens (accents folded, other scripts dropped)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_JUNK.sub("-", folded.lower()).strip("-")[:limit].rstrip("-")
