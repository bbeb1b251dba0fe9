"""Edits of an existing trip file: every byte outside the edited entry stays as it was.

Each operation splices the lines of one table (blocks.py finds them), edits those lines
with tomlkit (which keeps their comments, key order and quoting), then checks the result
twice before anything is written: the real loader must accept it, and parsed again, the
whole file must equal the old one outside the edited table. What is written, and when,
is write.py's: an Editor works on text in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from hashlib import blake2b
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tripplan import fields, words
from tripplan.edit.blocks import (
    Block,
    TextFile,
    UnscannableError,
    blocks,
    entry_blocks,
    place_block,
    split_lines,
    trip_block,
)
from tripplan.edit.times import (
    LOCAL,
    Form,
    Typed,
    clock,
    parse_shift,
    parse_time,
    shift_wall,
    write_time,
)
from tripplan.errors import TripError, UsageError
from tripplan.load import FIRST_YEAR, LAST_YEAR
from tripplan.model import AllDayEvent, AnyEntry, Place, Travel, Trip
from tripplan.text import slug
from tripplan.timing import parse_duration

if TYPE_CHECKING:
    from tomlkit.items import Table

TRIP_TABLE = "[trip]"  # how `set` names the trip's own table
MAX_ID_CHARS = 64
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@+:-]*")


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


@dataclass(frozen=True, slots=True)
class Source:
    """A trip file as read for editing: what was read is what must still be there."""

    path: str
    data: bytes


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


class Refused(TripError):
    """An edit that is not made: nothing is written."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: nothing written: {reason}")


@dataclass
class Editor:
    """Edits of one file, applied one after another in memory."""

    source: Source
    text: TextFile = field(init=False)
    trip: Trip = field(init=False)  # as the edits so far left it
    findings_before: frozenset[FindingKey] = field(init=False)  # as the file was read
    shape: Shape = field(init=False)  # the parsed TOML of `text`, in brief
    done: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Entries added in a batch and not yet checked: (table, index) each, and their ids.
    pending: list[tuple[str, int]] = field(default_factory=list, init=False)
    pending_ids: list[str] = field(default_factory=list, init=False)
    batched: bool = field(default=False, init=False)
    scanned: tuple[TextFile, list[Block]] | None = field(
        default=None, init=False
    )  # a text, its blocks

    def __post_init__(self) -> None:
        from tripplan.load import loads_trip_and_document

        self.text = TextFile.decode(self.source.data)
        self.trip, document = loads_trip_and_document(self.source.data, self.source.path)
        self.shape = Shape.of(document)
        del document  # a season's is a hundred megabytes: the shape is what is kept
        self.findings_before = finding_keys(self.trip)

    @property
    def file(self) -> str:
        return self.source.path

    def result(self) -> Edit:
        self._flush()
        return Edit(
            self.source,
            self.text.encode(),
            self.findings_before,
            self.trip,
            tuple(self.done),
            tuple(self.notes),
        )

    def refuse(self, reason: str) -> Refused:
        return Refused(self.file, reason)

    # -- finding things ------------------------------------------------------------------

    def entry(self, ident: str) -> AnyEntry:
        self._flush()
        for entry in self.trip.entries:
            if entry.id == ident:
                return entry
        raise self.refuse(f"no entry has the id {ident!r}{_hint(ident, self._ids())}")

    def _ids(self) -> list[str]:
        """Every entry's id, those added in a batch and not yet checked too."""
        return [entry.id for entry in self.trip.entries] + self.pending_ids

    def taken(self, ident: str) -> bool:
        return ident in self._ids()

    def place(self, place_id: str, option: str) -> Place:
        try:
            return self.trip.places[place_id]
        except KeyError:
            known = ", ".join(sorted(self.trip.places)) or "none"
            raise self.refuse(f"{option}: unknown place {place_id!r} (places: {known})") from None

    def zone_option(self, tz: str | None) -> ZoneInfo | None:
        """`--tz`: an IANA zone, a place id of the trip, or `home`."""
        from tripplan.options import select_zone

        return select_zone(self.trip, tz)

    def raw_entries(self, table: str) -> list[dict[str, Any]]:
        """Each entry of an array as the file writes it: its id and import keys only."""
        return self.shape.raw.get(table, [])

    def _scan(self) -> list[Block]:
        if self.scanned is not None and self.scanned[0] is self.text:
            return self.scanned[1]
        try:
            found = blocks(self.text.lines)
        except UnscannableError as err:
            raise self.refuse(f"cannot edit this file's layout safely: {err}") from None
        self.scanned = (self.text, found)
        return found

    def _scanned_with(self, text: TextFile, at: int, new: list[str]) -> None:
        """The blocks of `text`, which is the text with `new` inserted at line `at` after
        a table's last line: the blocks before, the new ones, the rest moved down (a
        season's file is not scanned again for each entry of a batch; a wrong block
        would show in the batch's check, as another table changed)."""
        old = self._scan()
        if len(text.lines) != len(self.text.lines) + len(new):
            self.scanned = None  # the last line gained its ending: scanned again
            return
        moved = len(new)
        added = [
            replace(b, start=b.start + at, core_end=b.core_end + at, end=b.end + at)
            for b in blocks(new)
        ]
        later = [
            replace(b, start=b.start + moved, core_end=b.core_end + moved, end=b.end + moved)
            for b in old
            if b.start >= at
        ]
        self.scanned = (text, [*(b for b in old if b.start < at), *added, *later])

    def _entry_block(self, entry: AnyEntry) -> Block:
        found = entry_blocks(self._scan(), entry.table)
        if len(found) != len(self.raw_entries(entry.table)):
            raise self.refuse(
                f"the {entry.table} are not all written as [[{entry.table}]] tables;"
                " tripplan edits only those"
            )
        return found[entry.index]

    # -- splicing ------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Entries added inside are checked together at the end (or before any other
        edit): the file is read again once, not once an entry (an invitation's thousand
        events took a minute). A refused batch raises, and nothing is written."""
        self.batched = True
        try:
            yield
            self._flush()
        finally:
            self.batched = False

    def _flush(self) -> None:
        """Check the entries added in a batch: the loader accepts the file, and no table
        but the added entries changed."""
        if not self.pending:
            return
        added, self.pending, self.pending_ids = self.pending, [], []
        self._check(self.text, (), tuple(reversed(added)))

    def _splice(
        self,
        start: int,
        stop: int,
        new: Iterable[str],
        where: tuple[tuple[Any, ...] | None, tuple[Any, ...] | None],
        done: str,
    ) -> None:
        """Replace lines[start:stop] by `new`, check the result, and keep it."""
        new = list(new)
        text = self.text.splice(start, stop, new)
        if self.batched and where[0] is None and where[1] is not None:
            self._scanned_with(text, start, new)
            self.text = text  # an addition: checked with the batch's others (_flush)
            table, index = where[1]
            self.pending.append((table, index))
        else:
            self._flush()
            self._check(text, (where[0],), (where[1],))
        self.done.append(done)

    def _check(
        self,
        text: TextFile,
        old: tuple[tuple[Any, ...] | None, ...],
        new: tuple[tuple[Any, ...] | None, ...],
    ) -> None:
        """Keep `text` if the loader accepts it and it changes no table but those `old`
        (the file as it was) and `new` (as it is now) name."""
        from tripplan.load import loads_trip_and_document

        data = text.encode()
        # The trip as it was, its text and their blocks are not needed any more (a refused
        # edit ends the command), and a season's are a few hundred megabytes: let them go
        # before the new one is read.
        del self.trip
        self.text, self.scanned = text, None
        try:
            trip, document = loads_trip_and_document(data, self.file)
        except TripError as err:
            raise self.refuse(f"the edit would make the file invalid: {_reason(err)}") from None
        shape = Shape.of(document)
        del document
        if self.shape.without(*old) != shape.without(*new):
            raise self.refuse("cannot edit this file's layout safely: other tables would change")
        self.text, self.trip, self.shape = text, trip, shape

    def _edit_block(
        self,
        block: Block,
        change: Callable[[Table], None],
        where: tuple[Any, ...],
        done: str,
        pin_id: str | None = None,
    ) -> None:
        """Edit one table's lines with tomlkit; `pin_id` writes the id an entry was named
        by into an entry that had none, so it keeps its identity."""
        import tomlkit
        from tomlkit.exceptions import TOMLKitError

        newline = self.text.newline
        lines = list(self.text.lines[block.start : block.core_end])
        if not lines[-1].endswith("\n"):
            lines[-1] += newline  # the file's last line, about to gain keys
        core = "".join(lines)
        if pin_id is not None:
            id_line = f"id = {tomlkit.string(pin_id).as_string()}{newline}"
            core = lines[0] + id_line + "".join(lines[1:])
        try:
            document = tomlkit.parse(core)
            same = tomlkit.dumps(document) == core
        except TOMLKitError:
            same = False
        if not same:
            raise self.refuse("cannot edit this file's layout safely: tomlkit reads it otherwise")
        change(_table_at(document, block.header.path, block.header.array))
        edited = _with_newline(tomlkit.dumps(document), newline)
        self._splice(block.start, block.core_end, split_lines(edited), (where, where), done)

    # -- cancel ------------------------------------------------------------------------

    def cancel(self, ident: str) -> None:
        entry = self.entry(ident)
        block = self._entry_block(entry)
        lines = self.text.lines
        start, stop = block.start, block.end
        while stop < len(lines) and not lines[stop].strip():
            stop += 1
        if stop == len(lines):  # the file's last entry: the blank lines before it go
            while start > 0 and not lines[start - 1].strip():
                start -= 1
            if start > 0 and stop > block.end:
                stop = block.end
        where = (entry.table, entry.index)
        self._splice(start, stop, [], (where, None), f"cancelled {_said(entry)}")

    # -- set ---------------------------------------------------------------------------

    def set_value(self, ident: str, key: str, value: str) -> None:
        table, block, where, pin, label = self._target(ident)
        spec = table.key(key)
        if not key.startswith(fields.EXTENSION_PREFIX):
            if spec is None:
                known = ", ".join(k.name for k in table.keys if k.settable)
                raise self.refuse(f"{label} has no key {key!r} (keys set here: {known})")
            if not spec.settable:
                raise self.refuse(f"`{key}` is not set here: {_why_not(spec)}")
        kind = spec.kind if spec is not None else fields.Kind.TEXT
        required = spec is not None and spec.required

        def change(item: Table) -> None:
            if not value.strip() and kind in (fields.Kind.TEXT, fields.Kind.NAMES):
                if required:
                    raise self.refuse(f"`{key}` is required: it cannot be empty")
                if key in item:
                    del item[key]
                return
            item[key] = _text_value(item.get(key), value, kind)

        shown = value if value.strip() else "(removed)"
        self._edit_block(block, change, where, f"set {key} of {label} to {shown}", pin)
        if kind is fields.Kind.PLACE and table in (fields.EVENTS, fields.TRAVEL):
            self._note_new_zone(ident, key)

    def _note_new_zone(self, ident: str, key: str) -> None:
        """Local times are read in the place's zone: a new place can move the instants."""
        entry = self.entry(ident)
        place = entry.start_place if key in ("place", "from") else entry.end_place
        if isinstance(entry.start, datetime):
            when = clock(entry.start, entry.start_place.zone)
            self.notes.append(
                f"{ident}: its local times are now read in {place.tz}: it starts {when}"
            )

    def _target(self, ident: str) -> tuple[fields.Table, Block, tuple[Any, ...], str | None, str]:
        """What `set` names: an entry, a place, or the trip ([trip])."""
        self._flush()
        entry = next((e for e in self.trip.entries if e.id == ident), None)
        if entry is not None:
            if ident in self.trip.places:
                raise self.refuse(f"{ident!r} names both an entry and a place")
            table = fields.EVENTS if entry.table == "events" else fields.TRAVEL
            pin = ident if not self.raw_entries(entry.table)[entry.index].get("id") else None
            where = (entry.table, entry.index)
            return table, self._entry_block(entry), where, pin, _said(entry)
        if ident in self.trip.places:
            block = place_block(self._scan(), ident)
            if block is None:
                raise self.refuse(f"place {ident!r} is not written as a [places.{ident}] table")
            return fields.PLACES, block, ("places", ident), None, f"place {ident!r}"
        if ident == TRIP_TABLE:
            block = trip_block(self._scan())
            if block is None:
                raise self.refuse("[trip] is not written as a [trip] table")
            return fields.TRIP, block, ("trip",), None, "[trip]"
        known = self._ids() + sorted(self.trip.places)
        raise self.refuse(
            f"no entry or place has the id {ident!r}{_hint(ident, known)}"
            f" ({TRIP_TABLE} names the trip)"
        )

    # -- move --------------------------------------------------------------------------

    def move(self, ident: str, to: str | None, by: str | None, tz: str | None) -> None:
        try:
            self._move(ident, to, by, tz)
        except OverflowError:  # past what a date can hold: the years 1 and 9999
            raise UsageError(
                f"move: {ident!r} would leave the years a trip may hold ({FIRST_YEAR}-{LAST_YEAR})"
            ) from None

    def _move(self, ident: str, to: str | None, by: str | None, tz: str | None) -> None:
        entry = self.entry(ident)
        if (to is None) == (by is None):
            raise UsageError("move: give --to TIME or --by DURATION")
        if isinstance(entry, AllDayEvent):
            self._move_all_day(entry, to, by)
            return
        zone = entry.start_place.zone
        if to is not None:
            typed = parse_time(to, "--to", self.zone_option(tz) or zone)
            if typed.instant is None:
                raise UsageError(f"--to: {to!r} is a date; a timed entry moves to a date and time")
            start = typed.instant
            self._note(typed.note)
        else:
            assert by is not None
            shift = parse_shift(by)
            start, note = shift_wall(entry.start, shift, zone)
            self._note(note)
            elapsed = start - entry.start
            if elapsed != shift:
                self.notes.append(
                    f"moved by {by}: {words.human_length(shift)} of wall time in {zone.key},"
                    f" {words.human_length(elapsed)} elapsed across the clock change"
                )
        self.retime(entry, start, start + (entry.end - entry.start))
        self.done[-1] = f"moved {_said(entry)} to {clock(start, zone)}"

    def retime(self, entry: AnyEntry, start: datetime, end: datetime) -> None:
        """Give a timed entry new instants, each value in its own form; an event with a
        `duration` keeps it (the length is elapsed time)."""
        first, last = ("depart", "arrive") if isinstance(entry, Travel) else ("start", "end")
        zones = (entry.start_place.zone, entry.end_place.zone)

        def change(item: Table) -> None:
            for key, instant, zone in ((first, start, zones[0]), (last, end, zones[1])):
                if key not in item:
                    continue  # `duration` instead of `end`
                raw, value = item[key].as_string(), item[key]
                form = Form.of(raw.strip(), value, zone) if isinstance(value, datetime) else LOCAL
                text, note = write_time(instant, zone, form)
                self._note(note)
                item[key] = toml_value(text)

        self._edit_block(
            self._entry_block(entry), change, (entry.table, entry.index), "", self._pin(entry)
        )

    def _move_all_day(self, entry: AllDayEvent, to: str | None, by: str | None) -> None:
        if to is not None:
            typed = parse_time(to, "--to", entry.place.zone)
            if typed.day is None:
                raise UsageError(f"--to: {entry.id!r} is an all-day event: give a date")
            days = typed.day - entry.start
        else:
            assert by is not None
            shift = parse_shift(by)
            if shift % timedelta(days=1):
                raise UsageError(f"--by: {entry.id!r} is an all-day event: move it by whole days")
            days = timedelta(days=shift.days)

        def change(item: Table) -> None:
            for key in ("start", "end"):
                if key in item:
                    item[key] = toml_value((item[key] + days).isoformat())

        where = (entry.table, entry.index)
        start = entry.start + days
        done = f"moved {_said(entry)} to {start}" + (
            f" through {entry.end + days}" if entry.end != entry.start else ""
        )
        self._edit_block(self._entry_block(entry), change, where, done, self._pin(entry))

    def _pin(self, entry: AnyEntry) -> str | None:
        return None if self.raw_entries(entry.table)[entry.index].get("id") else entry.id

    def _note(self, note: str | None) -> None:
        if note is not None and note not in self.notes:
            self.notes.append(note)

    # -- add ---------------------------------------------------------------------------

    def new_id(self, title: str, kind: str) -> str:
        """A readable id from the title, unique in the trip: `visit-chicago-center-2`."""
        base = slug(title, 32) or kind
        taken = set(self._ids())
        ident, n = base, 1
        while ident in taken:
            n += 1
            ident = f"{base}-{n}"
        return ident

    def _check_id(self, ident: str | None, title: str, kind: str) -> str:
        if ident is None:
            return self.new_id(title, kind)
        if not valid_id(ident):
            raise UsageError(
                f"--id: {ident!r} is not an id tripplan writes (1 to {MAX_ID_CHARS} letters,"
                " digits and _.@+:-, starting with a letter or a digit)"
            )
        if ident in self._ids():
            raise self.refuse(f"the id {ident!r} is already used")
        return ident

    def add_place(self, place_id: str, tz: str, name: str | None) -> None:
        from tripplan.load import lookup_zone

        if place_id in self.trip.places:
            raise self.refuse(f"the place {place_id!r} exists already")
        if not valid_id(place_id):
            raise UsageError(f"{place_id!r} is not a place id tripplan writes (as --id)")
        if lookup_zone(tz) is None:
            raise UsageError(f"--tz: {tz!r} is not an IANA time zone (e.g. America/Chicago)")
        spec: dict[str, Any] = {"name": name} if name else {}
        spec["tz"] = tz
        found = self._scan()
        after = [b for b in found if b.header.path[:1] == ("places",)] or [
            b for b in found if b.header.path == ("trip",)
        ]
        where = ("places", place_id)
        self._insert(after[-1] if after else None, ("places", place_id), spec, where)
        self.done[-1] = f"added place {place_id!r} ({tz})"

    def add_entry(self, table: str, spec: dict[str, Any], done: str) -> None:
        """Add `spec` (values: str, list, or TOML text from _value) after the table's last
        entry; the loader's index of it is the array's length."""
        found = entry_blocks(self._scan(), table)
        if len(found) != len(self.raw_entries(table)):
            raise self.refuse(
                f"the {table} are not all written as [[{table}]] tables; tripplan edits only those"
            )
        where = (table, len(found))
        self._insert(found[-1] if found else None, (table,), spec, where, array=True)
        self.done[-1] = done
        if self.pending:  # not read back yet: its keys as the file now writes them
            self.shape.raw.setdefault(table, []).append({k: spec[k] for k in RAW_KEYS if k in spec})
            self.pending_ids.append(str(spec["id"]))

    def _insert(
        self,
        after: Block | None,
        path: tuple[str, ...],
        spec: dict[str, Any],
        where: tuple[Any, ...],
        array: bool = False,
    ) -> None:
        import tomlkit

        newline = self.text.newline
        document = tomlkit.document()
        item = tomlkit.table()
        for key, value in spec.items():
            item[key] = value
        if array:
            aot = tomlkit.aot()
            aot.append(item)
            document[path[0]] = aot
        else:
            outer = tomlkit.table(is_super_table=True)
            outer[path[1]] = item
            document[path[0]] = outer
        text = _with_newline(tomlkit.dumps(document).strip("\n") + "\n", newline)
        new = [newline, *split_lines(text)]
        lines = self.text.lines
        at = after.end if after is not None else len(lines)
        if at == len(lines) and lines and not lines[-1].endswith("\n"):
            new.insert(0, newline)  # the last line gains its ending
        elif after is None and (not lines or not lines[-1].strip()):
            new.pop(0)  # no blank line at the start of the file, nor two after a blank
        self._splice(at, at, new, (None, where), "")

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
        where = self.place(place, "--place")
        typed_zone = self.zone_option(tz) or where.zone
        first = parse_time(start, "--start", typed_zone)
        self._note(first.note)
        spec: dict[str, Any] = {"id": self._check_id(ident, title, "event"), "title": title}
        spec["place"] = place
        if first.day is not None:
            spec.update(self._all_day(first.day, end, duration, typed_zone))
        else:
            assert first.instant is not None
            spec["start"] = self.local_value(first.instant, where.zone)
            if (end is None) == (duration is None):
                raise UsageError("add event: give --end TIME or --duration DURATION (one)")
            if end is not None:
                last = parse_time(end, "--end", typed_zone)
                if last.instant is None:
                    raise UsageError(f"--end: {end!r} is a date; --start has a time")
                self._note(last.note)
                spec["end"] = self.local_value(last.instant, where.zone)
            else:
                assert duration is not None
                spec["duration"] = _duration_text(duration)
        spec.update({k: v for k, v in (extra or {}).items() if v})
        when = str(first.day) if first.instant is None else clock(first.instant, where.zone)
        done = f"added event {spec['id']!r}: {title!r} at {where.name}, {when}"
        self.add_entry("events", spec, done)
        return str(spec["id"])

    def _all_day(
        self, day: date, end: str | None, duration: str | None, zone: ZoneInfo
    ) -> dict[str, Any]:
        if duration is not None:
            raise UsageError("--duration: an all-day event (a date --start) takes an --end date")
        if end is None:
            return {"start": toml_value(day.isoformat())}
        last = parse_time(end, "--end", zone)
        if last.day is None:
            raise UsageError(f"--end: {end!r} has a time; an all-day event ends on a date")
        return {"start": toml_value(day.isoformat()), "end": toml_value(last.day.isoformat())}

    def local_value(self, instant: datetime, zone: ZoneInfo) -> Any:
        text, note = write_time(instant, zone, LOCAL)
        self._note(note)
        return toml_value(text)

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
        leaving, reaching = self.place(origin, "--from"), self.place(destination, "--to")
        typed = self.zone_option(tz)
        times: list[Typed] = []
        for option, written, place in (
            ("--depart", depart, leaving),
            ("--arrive", arrive, reaching),
        ):
            value = parse_time(written, option, typed or place.zone)
            if value.instant is None:
                raise UsageError(f"{option}: {written!r} is a date; a leg needs a date and time")
            self._note(value.note)
            times.append(value)
        spec: dict[str, Any] = {"id": self._check_id(ident, title, "travel"), "title": title}
        spec.update({"from": origin, "to": destination})
        assert times[0].instant is not None and times[1].instant is not None
        spec["depart"] = self.local_value(times[0].instant, leaving.zone)
        spec["arrive"] = self.local_value(times[1].instant, reaching.zone)
        spec.update({k: v for k, v in (extra or {}).items() if v})
        done = (
            f"added travel {spec['id']!r}: {title!r},"
            f" {clock(times[0].instant, leaving.zone)} to {clock(times[1].instant, reaching.zone)}"
        )
        self.add_entry("travel", spec, done)
        return str(spec["id"])


# -- helpers ------------------------------------------------------------------------------


def _table_at(document: Any, path: tuple[str, ...], array: bool) -> Table:
    node = document
    for step in path:
        node = node[step]
    return node[0] if array else node  # type: ignore[no-any-return]


def toml_value(text: str) -> Any:
    """A TOML value item from its text (a date-time keeps exactly this text)."""
    import tomlkit

    return tomlkit.value(text)


def _text_value(old: Any, value: str, kind: fields.Kind) -> Any:
    import tomlkit
    from tomlkit.items import String, StringType

    if kind is fields.Kind.NAMES:
        names = [name.strip() for name in value.split(",") if name.strip()]
        array = tomlkit.array()
        array.extend(names)
        return array
    literal = (
        isinstance(old, String)
        and old.type is StringType.SLL
        and "'" not in value
        and value.isprintable()
    )
    return tomlkit.string(value, literal=literal)


def _duration_text(text: str) -> str:
    try:
        parse_duration(text)
    except ValueError as err:
        raise UsageError(f"--duration: {err}") from None
    return text.strip()


def _with_newline(text: str, newline: str) -> str:
    return re.sub(r"(?<!\r)\n", "\r\n", text) if newline == "\r\n" else text


FindingKey = tuple[str, frozenset[str]]


def finding_keys(trip: Trip) -> frozenset[FindingKey]:
    """A trip's findings as an edit compares them: by code and entries."""
    from tripplan.checks import check_trip

    return frozenset((f.code, frozenset(f.entry_ids)) for f in check_trip(trip))


# The keys of an entry an edit or an import looks up in the file as written.
RAW_KEYS = ("id", "uid", "x-uid", "x-recurrence-id")


@dataclass(frozen=True, slots=True)
class Shape:
    """A parsed file in brief: a digest of each table (each item of an array, each place)
    to tell that an edit changed no table but its own, and the few keys of each entry
    looked up as written. A season's parsed TOML is a hundred megabytes; its shape, a few.
    """

    digests: dict[str, Any]  # top-level key: a digest, or a list or dict of them
    raw: dict[str, list[dict[str, Any]]]  # events, travel: RAW_KEYS of each item

    @classmethod
    def of(cls, document: Mapping[str, Any]) -> Shape:
        digests: dict[str, Any] = {}
        raw: dict[str, list[dict[str, Any]]] = {}
        for key, value in document.items():
            if isinstance(value, list):
                digests[key] = [_digest(item) for item in value]
                raw[key] = [
                    {k: item[k] for k in RAW_KEYS if k in item}
                    for item in value
                    if isinstance(item, dict)
                ]
            elif isinstance(value, dict) and key != "trip":
                digests[key] = {k: _digest(v) for k, v in value.items()}
            else:
                digests[key] = _digest(value)
        return cls(digests, raw)

    def without(self, *wheres: tuple[Any, ...] | None) -> dict[str, Any]:
        """The digests less the edited tables' (a shallow copy), taken out in turn: the
        items of an array from the last."""
        copy = dict(self.digests)
        for where in wheres:
            if where is None:
                continue
            top = where[0]
            if top == "trip":
                copy.pop("trip", None)
                continue
            inner = copy.get(top)
            if isinstance(inner, list):
                copy[top] = [v for i, v in enumerate(inner) if i != where[1]]
            elif isinstance(inner, dict):
                copy[top] = {k: v for k, v in inner.items() if k != where[1]}
            if not copy.get(top, True):
                del copy[top]  # the last entry cancelled: the file has no such array left
        return copy


def _digest(value: object) -> bytes:
    """A table's content, as equal for equal tables (keys in the file's order) as the
    table itself, in 16 bytes."""
    return blake2b(repr(value).encode(), digest_size=16).digest()


def _reason(err: TripError) -> str:
    """The loader's complaint without its `file:line`: the line is the edited text's."""
    message, entry = getattr(err, "message", None), getattr(err, "entry", None)
    if isinstance(message, str):
        return f"{entry}: {message}" if entry else message
    return str(err).splitlines()[0]


def _said(entry: AnyEntry) -> str:
    return f"{entry.type} {entry.id!r}"


def _why_not(key: fields.Key) -> str:
    if key.name == "id":
        return "an id is the entry's identity (add a new entry, cancel the old one)"
    if key.kind in (fields.Kind.DATE_TIME, fields.Kind.DATE_TIME_OR_DATE, fields.Kind.DURATION):
        return "times change with `tripplan move`, which keeps the entry's length"
    return "edit it in the file by hand"


def _hint(word: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
