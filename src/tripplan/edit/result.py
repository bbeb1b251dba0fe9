"""What edits return: each operation what it did (Done), a command all its edits (Edit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tripplan.lang import N_, _

if TYPE_CHECKING:
    from tripplan.edit.tripfile import Source
    from tripplan.model import AnyEntry, Finding, Trip


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


FindingKey = tuple[str, frozenset[str], frozenset[str]]  # code, entry ids, place ids


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
    """A trip's findings as an edit compares them: by code, entries and places."""
    from tripplan.checks import check_trip

    return frozenset(finding_key(f) for f in check_trip(trip))


def finding_key(finding: Finding) -> FindingKey:
    """What makes two findings the same: code, entries and places (a place's finding names
    no entry: two places on EST are two findings)."""
    return finding.code, frozenset(finding.entry_ids), frozenset(finding.place_ids)


def said(entry: AnyEntry) -> str:
    """An entry as an edit's report names it: event 'la-mou', travel 'ke017' (in the
    language speaking; an error names it in English, as `unsaid` does)."""
    return _(_KINDS[entry.type]).format(id=repr(entry.id))


def unsaid(entry: AnyEntry) -> str:
    """An entry as an error names it, in English whatever the language: event 'la-mou'."""
    return f"{entry.type} {entry.id!r}"


_KINDS = {
    "event": N_("event {id}"),
    "travel": N_("travel {id}"),
    "lodging": N_("lodging {id}"),
}


def set_said(key: str, target: str, value: str) -> str:
    """What `set` did: set venue of event 'la-mou' to City Hall."""
    return _("set {key} of {target} to {value}").format(key=key, target=target, value=value)
