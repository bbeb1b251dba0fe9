"""Edits of an existing trip file: every byte outside the edited entry stays as it was.

An Editor is one command's edits of one file, made one after another in memory: the
file layer (tripfile.py: blocks, splice, verify) changes the text and checks it, each
operation (add.py, change.py, move.py) returns what it did (a Done), and the Editor keeps
those sentences and notes for the command to say. What is written, and when, is
write.py's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec

from tripplan.edit import add, change, travellers
from tripplan.edit import move as moves
from tripplan.edit.ids import MAX_ID_CHARS, valid_id
from tripplan.edit.ids import new_id as _new_id
from tripplan.edit.result import Done, Edit, FindingKey, finding_keys
from tripplan.edit.times import LOCAL, write_time
from tripplan.edit.tripfile import Refused, Source, TripFile, toml_value

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tripplan.model import AnyEntry, Place, Trip

TRIP_TABLE = change.TRIP_TABLE

__all__ = [
    "MAX_ID_CHARS",
    "TRIP_TABLE",
    "Done",
    "Edit",
    "Editor",
    "FindingKey",
    "Refused",
    "Source",
    "finding_keys",
    "toml_value",
    "valid_id",
]


P = ParamSpec("P")


def _recorded(
    operation: Callable[Concatenate[TripFile, P], Done],
) -> Callable[Concatenate[Editor, P], Done]:
    """An operation as an Editor's method: made on its file, what it did kept (record)."""

    @wraps(operation)
    def method(self: Editor, /, *args: P.args, **kwargs: P.kwargs) -> Done:
        return self.record(operation(self.file, *args, **kwargs))

    return method


@dataclass
class Editor:
    """One command's edits of one file, applied one after another in memory."""

    source: Source
    file: TripFile = field(init=False)
    findings_before: frozenset[FindingKey] = field(init=False)  # as the file was read
    done: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.file = TripFile(self.source)
        self.findings_before = finding_keys(self.file.trip)

    @property
    def trip(self) -> Trip:
        """The trip as the edits so far left it."""
        return self.file.trip

    def result(self) -> Edit:
        after = self.file.encoded()
        return Edit(
            self.source, after, self.findings_before, self.trip, tuple(self.done), tuple(self.notes)
        )

    def record(self, done: Done) -> Done:
        """Keep what an operation did, to say it; its notes once each."""
        self.done.append(done.said)
        for text in done.notes:
            self.note(text)
        return done

    def note(self, text: str | None) -> None:
        if text is not None and text not in self.notes:
            self.notes.append(text)

    # -- what is in the file -------------------------------------------------------------

    def entry(self, ident: str) -> AnyEntry:
        return self.file.entry(ident)

    def taken(self, ident: str) -> bool:
        return self.file.taken(ident)

    def new_id(self, title: str, kind: str) -> str:
        """A readable id from the title, unique in the trip: `visit-chicago-center-2`."""
        return _new_id(title, kind, self.file.ids())

    def place(self, place_id: str, option: str) -> Place:
        return self.file.place(place_id, option)

    def raw_entries(self, table: str) -> list[dict[str, Any]]:
        return self.file.raw_entries(table)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Entries added inside are checked together at the end (TripFile.batch)."""
        with self.file.batch():
            yield

    def local_value(self, instant: datetime, zone: ZoneInfo) -> Any:
        """A TOML item writing `instant` as a local time of `zone`."""
        text, note = write_time(instant, zone, LOCAL)
        self.note(note)
        return toml_value(text)

    # -- the edits: each operation on this file, what it did kept ------------------------

    cancel = _recorded(change.cancel)
    set_value = _recorded(change.set_value)
    move = _recorded(moves.move)
    retime = _recorded(moves.retime)
    add_place = _recorded(add.add_place)
    add_event = _recorded(add.add_event)  # its Done's `ident` is the new entry's id
    add_travel = _recorded(add.add_travel)
    add_lodging = _recorded(add.add_lodging)
    add_traveller = _recorded(travellers.add_traveller)
    cancel_traveller = _recorded(travellers.cancel_traveller)

    def add_entry(self, table: str, spec: Mapping[str, Any], said: str) -> Done:
        """Add `spec` after the table's last entry (an import's event, as it is written)."""
        self.file.insert_entry(table, spec)
        return self.record(Done(said, ident=str(spec["id"])))
