"""The ids tripplan writes: which texts may be an entry's or a place's id, and a new
readable one made from a title."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tripplan.errors import OptionError
from tripplan.text import slug

MAX_ID_CHARS = 64
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


def new_id(title: str, kind: str, taken: Iterable[str]) -> str:
    """A readable id from the title, unique among `taken`: `visit-chicago-center-2`.

    >>> new_id("Visit Chicago Center", "event", ["visit-chicago-center"])
    'visit-chicago-center-2'
    """
    base = slug(title, 32) or kind
    used = set(taken)
    ident, n = base, 1
    while ident in used:
        n += 1
        ident = f"{base}-{n}"
    return ident
