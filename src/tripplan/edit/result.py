"""What edits return: each operation what it did (Done), a command all its edits (Edit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tripplan.edit.tripfile import Source
    from tripplan.model import AnyEntry, Trip


@dataclass(frozen=True, slots=True)
class Done:
    """What one edit did, said in a sentence, and what the user should know of it (a
    typed time in a gap or a fold, a move across a clock change)."""

    said: str
    notes: tuple[str, ...] = ()
    ident: str | None = None  # the id of the entry it added


class Notes(list[str]):
    """An operation's notes as they come, each said once."""

    def add(self, note: str | None) -> None:
        if note is not None and note not in self:
            self.append(note)


FindingKey = tuple[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class Edit:
    """One command's edits, made in memory and checked, not yet written."""

    source: Source
    after: bytes
    findings_before: frozenset[FindingKey]  # the file's findings before the edits
    after_trip: Trip
    done: tuple[str, ...]  # what was done, a line each
    notes: tuple[str, ...]  # what the user should know: a gap or a fold, a clock change

    @property
    def changed(self) -> bool:
        return self.after != self.source.data


def finding_keys(trip: Trip) -> frozenset[FindingKey]:
    """A trip's findings as an edit compares them: by code and entries."""
    from tripplan.checks import check_trip

    return frozenset((f.code, frozenset(f.entry_ids)) for f in check_trip(trip))


def said(entry: AnyEntry) -> str:
    """An entry as an edit's sentence names it: event 'la-mou', travel 'ke017'."""
    return f"{entry.type} {entry.id!r}"
