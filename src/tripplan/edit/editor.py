"""Edits of an existing trip file: every byte outside the edited entry stays as it was.

An Editor is one command's edits of one file, made one after another in memory: the
file layer (tripfile.py: blocks, splice, verify) changes the text and checks it, each
operation (add.py, change.py, move.py) returns what it did (a Done), and the Editor keeps
those sentences and notes for the command to say. What is written, and when, is
write.py's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tripplan.edit import add, change, move
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

    # -- the edits -----------------------------------------------------------------------

    def cancel(self, ident: str) -> Done:
        return self.record(change.cancel(self.file, ident))

    def set_value(self, ident: str, key: str, value: str) -> Done:
        return self.record(change.set_value(self.file, ident, key, value))

    def move(self, ident: str, to: str | None, by: str | None, tz: str | None) -> Done:
        return self.record(move.move(self.file, ident, to, by, tz))

    def retime(self, entry: AnyEntry, start: datetime, end: datetime) -> Done:
        return self.record(move.retime(self.file, entry, start, end))

    def add_place(self, place_id: str, tz: str, name: str | None) -> Done:
        return self.record(add.add_place(self.file, place_id, tz, name))

    def add_entry(self, table: str, spec: Mapping[str, Any], said: str) -> Done:
        """Add `spec` after the table's last entry (an import's event, as it is written)."""
        self.file.insert_entry(table, spec)
        return self.record(Done(said, ident=str(spec["id"])))

    def add_event(
        self,
        *,
        title: str,
        place: str,
        start: str,
        end: str | None,
        duration: str | None,
        ident: str | None = None,
        tz: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> str:
        """Add a timed or all-day event; returns its id. `extra`: venue, kind, who, notes."""
        done = add.add_event(
            self.file, title=title, place=place, start=start, end=end, duration=duration,
            ident=ident, tz=tz, extra=extra,
        )  # fmt: skip
        return str(self.record(done).ident)

    def add_travel(
        self,
        *,
        title: str,
        origin: str,
        destination: str,
        depart: str,
        arrive: str,
        ident: str | None = None,
        tz: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> str:
        """Add a travel leg; returns its id. `extra`: mode, who, notes."""
        done = add.add_travel(
            self.file, title=title, origin=origin, destination=destination, depart=depart,
            arrive=arrive, ident=ident, tz=tz, extra=extra,
        )  # fmt: skip
        return str(self.record(done).ident)
