"""Free text made safe to show: no Rich or terminal knowledge, so the core and the CLI's
error boundary can use it without loading a renderer."""

from __future__ import annotations


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
