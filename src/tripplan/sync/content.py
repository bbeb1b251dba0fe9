"""What a calendar object holds, read from its text: its UIDs, whose trip it is, the hash
tripplan wrote into it (X-TRIPPLAN-HASH) and the hash of what it holds now.

The hash is of the object's content as a server may store it, which need not be the bytes
sent: Radicale (vobject) writes the properties in another order and folds lines elsewhere;
others add LAST-MODIFIED, CREATED or X- properties of their own. So the content is each
component's unfolded lines, parameters in order, sorted, without what is no content:

- the VCALENDAR's own properties (PRODID names tripplan's version);
- DTSTAMP and SEQUENCE (made at every push), LAST-MODIFIED and CREATED (a server's);
- every X- property but tripplan's own X-TRIPPLAN-TRIP (X-TRIPPLAN-HASH is the hash).

An object whose content no longer hashes to its own X-TRIPPLAN-HASH was changed by someone
else since tripplan wrote it. Reading the text costs a few microseconds a line: no
icalendar tree is built for the server's objects (10,000 of them are read in well under a
second).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

TRIP_PROPERTY = "X-TRIPPLAN-TRIP"  # as tripplan.render.ics writes it
HASH_PROPERTY = "X-TRIPPLAN-HASH"
_NOT_CONTENT = frozenset({"DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "CREATED"})
_FOLD = re.compile(r"\r?\n[ \t]")
_NAME_END = re.compile("[;:]")
_READ = frozenset({"UID", TRIP_PROPERTY, HASH_PROPERTY, "SEQUENCE"})
_TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")


@dataclass(frozen=True)
class Held:
    """One object of the collection: where it is, its ETag, and what it holds."""

    href: str
    etag: str | None
    uids: tuple[str, ...]  # its VEVENTs' UIDs, each once, in order
    trip: str | None  # the trip all its VEVENTs name (TRIP_PROPERTY), else None
    stored: str | None  # the HASH_PROPERTY it carries: the hash of what tripplan wrote
    digest: str  # the hash of what it holds now
    sequence: int  # the highest SEQUENCE of its VEVENTs

    @property
    def uid(self) -> str | None:
        """Its UID when it holds one event's (as every object tripplan writes does)."""
        return self.uids[0] if len(self.uids) == 1 else None

    @property
    def edited(self) -> bool:
        """Changed since tripplan wrote it: its content no longer has the hash written."""
        return self.stored is not None and self.stored != self.digest


def read_object(href: str, etag: str | None, text: str) -> Held:
    """What the object at `href` holds, from its calendar data.

    >>> text = ("BEGIN:VCALENDAR\\r\\nBEGIN:VEVENT\\r\\nUID:a@t\\r\\nSEQUENCE:2\\r\\n"
    ...     "X-TRIPPLAN-TRIP:t\\r\\nEND:VEVENT\\r\\nEND:VCALENDAR\\r\\n")
    >>> held = read_object("/cal/a.ics", '"1"', text)
    >>> held.uid, held.trip, held.sequence, held.stored, held.edited
    ('a@t', 't', 2, None, False)
    """
    reader = _Reader()
    reader.read(text)
    trips = set(reader.trips)
    return Held(
        href=href,
        etag=etag,
        uids=tuple(dict.fromkeys(reader.uids)),
        trip=trips.pop() if len(trips) == 1 and reader.events == len(reader.trips) else None,
        stored=reader.stored,
        digest=reader.digest(),
        sequence=max(reader.sequences, default=0),
    )


def content_hash(text: str) -> str:
    """The hash of a calendar's content (see the module): what X-TRIPPLAN-HASH holds.

    >>> a = "BEGIN:VCALENDAR\\r\\nPRODID:x\\r\\nBEGIN:VEVENT\\r\\nUID:a\\r\\nSUMMARY:Hi\\r\\n"
    >>> b = "BEGIN:VCALENDAR\\r\\nBEGIN:VEVENT\\r\\nSUMMARY:Hi\\r\\nCREATED:2\\r\\nUID:a\\r\\n"
    >>> end = "END:VEVENT\\r\\nEND:VCALENDAR\\r\\n"
    >>> content_hash(a + end) == content_hash(b + end)
    True
    """
    reader = _Reader()
    reader.read(text)
    return reader.digest()


class _Reader:
    """One pass over a calendar's lines: its content, and the properties a push reads."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, list[str]]] = [("", [])]
        self.uids: list[str] = []
        self.trips: list[str] = []
        self.sequences: list[int] = []
        self.stored: str | None = None
        self.events = 0

    def read(self, text: str) -> None:
        """Every line of `text`; each VTIMEZONE written as tripplan writes them (upper
        case, whole) read once per process: most objects' lines are their zones', and
        the same few zones recur from object to object."""
        text = _FOLD.sub("", text)
        at = 0
        while (start := text.find("\nBEGIN:VTIMEZONE\r\n", at)) != -1:
            end = text.find("\nEND:VTIMEZONE\r\n", start)
            if end == -1:
                break
            self._lines(text[at : start + 1])
            end += len("\nEND:VTIMEZONE\r\n")
            self.stack[-1][1].append(_zone(text[start + 1 : end]))
            at = end
        self._lines(text[at:])

    def _lines(self, text: str) -> None:
        for line in text.splitlines():
            if line:
                self._line(line)

    def digest(self) -> str:
        while len(self.stack) > 1:  # a calendar cut short: its open components closed
            self._line("END:" + self.stack[-1][0])
        return hashlib.sha256("\n".join(sorted(self.stack[0][1])).encode()).hexdigest()

    def _line(self, line: str) -> None:
        found = _NAME_END.search(line)
        cut = found.start() if found else len(line)
        name, rest = line[:cut].upper(), line[cut:]
        if name == "BEGIN":
            self.stack.append((rest[1:].upper(), []))
        elif name == "END" and len(self.stack) > 1:
            component, lines = self.stack.pop()
            lines.sort()
            self.stack[-1][1].append("\n".join([f"BEGIN:{component}", *lines, "END"]))
            self.events += component == "VEVENT"
        else:
            component, lines = self.stack[-1]
            if component == "VEVENT" and name in _READ:
                self._property(name, rest)
            if not (
                component in ("", "VCALENDAR")
                or name in _NOT_CONTENT
                or (name.startswith("X-") and name != TRIP_PROPERTY)
            ):
                lines.append(name + rest)

    def _property(self, name: str, rest: str) -> None:
        """A VEVENT's property a push reads: UID, SEQUENCE, whose trip, the hash written."""
        if name == "UID":
            self.uids.append(_text(rest))
        elif name == TRIP_PROPERTY:
            self.trips.append(_text(rest))
        elif name == HASH_PROPERTY:
            self.stored = _text(rest)
        elif name == "SEQUENCE":
            value = _value(rest).strip()
            self.sequences.append(int(value) if value.isdigit() and len(value) < 10 else 0)


@lru_cache(maxsize=1024)
def _zone(block: str) -> str:
    """A VTIMEZONE's content, from the lines from its BEGIN to its END."""
    reader = _Reader()
    reader.stack.append(("VCALENDAR", []))
    reader._lines(block)
    return reader.stack[-1][1][0]


def _value(rest: str) -> str:
    """The value of a line's rest: after the first `:` outside a quoted parameter.

    >>> _value(';ALTREP="http://x":text:more')
    'text:more'
    """
    quoted = False
    for index, char in enumerate(rest):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return rest[index + 1 :]
    return ""


def _text(rest: str) -> str:
    r"""A TEXT value, its escapes undone (RFC 5545 3.3.11).

    >>> _text(r":a\,b\;c\\d\ne")
    'a,b;c\\d\ne'
    """
    return _TEXT_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), _value(rest))
