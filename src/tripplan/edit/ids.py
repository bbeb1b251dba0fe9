"""The ids tripplan writes: which texts may be an entry's or a place's id, and a new
readable one made from a title."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

from tripplan.errors import OptionError
from tripplan.text import slug

MAX_ID_CHARS = 64
# An id made from a title: short enough to type in a command (`move ID`), cut on a word.
TITLE_ID_CHARS = 32
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@+:-]*")
ID_RULE = f"1 to {MAX_ID_CHARS} letters, digits and _.@+:-, starting with a letter or a digit"


def valid_id(text: str) -> bool:
    """Whether tripplan writes `text` as an entry's id: 1 to 64 ASCII letters, digits and
    `_.@+:-`, starting with a letter or a digit (Google's and Apple's UIDs pass; Outlook's
    112 hex digits, text with spaces or control characters do not).

    >>> valid_id("la-mou"), valid_id("7kukuqrfedlm2f9t0vr42q2gc4@google.com")
    (True, True)
    >>> valid_id("two words"), valid_id("-x"), valid_id("a" * 65)
    (False, False, False)
    """
    return len(text) <= MAX_ID_CHARS and _ID.fullmatch(text) is not None


def check_id(ident: str) -> str:
    """An id given for a new entry (the parameter `id`), if tripplan writes it."""
    if not valid_id(ident):
        raise OptionError("id", f"{ident!r} is not an id tripplan writes ({ID_RULE})")
    return ident


def new_id(title: str, kind: str, taken: Iterable[str], suffix: str = "") -> str:
    """A readable id from the title, unique among `taken`: `visit-chicago-center-2`. The
    title's words are cut whole to TITLE_ID_CHARS (one longer word is cut); `suffix`, a
    date of a recurring event's occurrence, is kept whole after them.

    >>> new_id("Visit Chicago Center", "event", ["visit-chicago-center"])
    'visit-chicago-center-2'
    >>> new_id("Breakfast with the Hessian Minister of Economics", "event", [])
    'breakfast-with-the-hessian'
    >>> new_id("Weekly call with the Hessian Minister", "event", [], suffix="20101120")
    'weekly-call-with-the-20101120'
    >>> new_id("Donaudampfschifffahrtsgesellschaftskapitaen", "event", [])
    'donaudampfschifffahrtsgesellscha'
    """
    tail = f"-{suffix}" if suffix else ""
    words = cut_words(slug(title, sys.maxsize), TITLE_ID_CHARS - len(tail)) or kind
    base = words + tail
    used = set(taken)
    ident, n = base, 1
    while ident in used:
        n += 1
        ident = f"{base}-{n}"
    return ident


def cut_words(text: str, limit: int) -> str:
    """`text`'s hyphenated words cut to `limit` characters at the last hyphen that keeps
    it within them (the first word alone longer than that is cut where it reaches it).

    >>> cut_words("breakfast-with-the-hessian-minister", 32)
    'breakfast-with-the-hessian'
    >>> cut_words("dinner-with-the-consul-general", 30), cut_words("abcdefgh-ij", 5)
    ('dinner-with-the-consul-general', 'abcde')
    """
    if len(text) <= limit:
        return text
    at = text.rfind("-", 0, limit + 1)  # a hyphen just past the limit still ends a word
    return text[:at] if at > 0 else text[:limit].rstrip("-")
