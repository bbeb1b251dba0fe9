"""A trip file being edited: its text, the tables in it, and edits spliced into its lines.

Each edit splices the lines of one table (blocks.py finds them), edits those lines with
tomlkit (which keeps their comments, key order and quoting), then checks the result
twice before it is kept: the real loader must accept it, and parsed again, the whole
file must equal the old one outside the edited table (verify.py). Nothing here knows
what an edit means for the trip, nor how it is said: that is the operations' (add.py,
change.py, move.py). What is written, and when, is write.py's: this works in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

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
from tripplan.edit.verify import RAW_KEYS, Shape, Where, loader_reason
from tripplan.errors import OptionError, TripError

if TYPE_CHECKING:
    from tomlkit.items import Table

    from tripplan.model import AnyEntry, Place, Trip


@dataclass(frozen=True, slots=True)
class Source:
    """A trip file as read for editing: what was read is what must still be there."""

    path: str
    data: bytes


class Refused(TripError):
    """An edit that is not made: nothing is written."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: nothing written: {reason}")


@dataclass(frozen=True, slots=True)
class Located:
    """One table of the file: its lines, how a Shape names it, and the id to write into
    an entry that the file writes without one (so that it keeps its identity)."""

    block: Block
    where: Where
    pin_id: str | None = None


@dataclass
class TripFile:
    """A file's text in memory, edited one table at a time, and the trip it now loads as."""

    source: Source
    text: TextFile = field(init=False)
    trip: Trip = field(init=False)  # as the edits so far left it
    shape: Shape = field(init=False)  # the parsed TOML of `text`, in brief
    # Entries added in a batch and not yet checked: (table, index) each, and their ids.
    pending: list[tuple[str, int]] = field(default_factory=list, init=False)
    pending_ids: list[str] = field(default_factory=list, init=False)
    pending_lines: list[list[str]] = field(default_factory=list, init=False)
    batched: bool = field(default=False, init=False)
    scanned: tuple[TextFile, list[Block]] | None = field(
        default=None, init=False
    )  # a text, its blocks

    def __post_init__(self) -> None:
        from tripplan.load import loads_trip_and_document

        self.text = TextFile.decode(self.source.data)
        self.trip, document = loads_trip_and_document(self.source.data, self.source.path)
        self.shape = Shape.of(document, self.source.data)
        del document  # a season's is a hundred megabytes: the shape is what is kept

    @property
    def path(self) -> str:
        return self.source.path

    def refuse(self, reason: str) -> Refused:
        return Refused(self.path, reason)

    def encoded(self) -> bytes:
        """The file's bytes as the edits left them, every addition checked."""
        self.flush()
        return self.text.encode()

    # -- what is in it -------------------------------------------------------------------

    def entry(self, ident: str) -> AnyEntry:
        self.flush()
        for entry in self.trip.entries:
            if entry.id == ident:
                return entry
        raise self.refuse(f"no entry has the id {ident!r}{did_you_mean(ident, self.ids())}")

    def ids(self) -> list[str]:
        """Every entry's id, those added in a batch and not yet checked too."""
        return [entry.id for entry in self.trip.entries] + self.pending_ids

    def taken(self, ident: str) -> bool:
        return ident in self.ids()

    def place(self, place_id: str, option: str) -> Place:
        """The place a parameter (`option`) names: an OptionError naming it, if none."""
        try:
            return self.trip.places[place_id]
        except KeyError:
            known = ", ".join(sorted(self.trip.places)) or "none"
            unknown = f"unknown place {place_id!r} (places: {known})"
            said = f"{self.path}: nothing written: "  # as the command line always said it
            raise OptionError(option, unknown).naming(said, option, f": {unknown}") from None

    def written_who(self, entry: AnyEntry) -> list[str] | None:
        """The `who` an entry's table writes (None: none, the entry is everyone's)."""
        raw = self.raw_entries(entry.table)[entry.index]
        return list(raw["who"]) if "who" in raw else None

    def raw_entries(self, table: str) -> list[dict[str, Any]]:
        """Each entry of an array as the file writes it: its id and import keys only."""
        return self.shape.raw.get(table, [])

    # -- where it is written -------------------------------------------------------------

    def scan(self) -> list[Block]:
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
        old = self.scan()
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

    def _array(self, table: str) -> list[Block]:
        """The blocks of an array's entries, if the file writes each as a [[table]]."""
        found = entry_blocks(self.scan(), table)
        if len(found) != len(self.raw_entries(table)):
            raise self.refuse(
                f"the {table} are not all written as [[{table}]] tables; tripplan edits only those"
            )
        return found

    def locate_entry(self, entry: AnyEntry) -> Located:
        block = self._array(entry.table)[entry.index]
        pin = None if self.raw_entries(entry.table)[entry.index].get("id") else entry.id
        return Located(block, (entry.table, entry.index), pin)

    def locate_place(self, place_id: str) -> Located:
        block = place_block(self.scan(), place_id)
        if block is None:
            raise self.refuse(f"place {place_id!r} is not written as a [places.{place_id}] table")
        return Located(block, ("places", place_id))

    def locate_person(self, person: str) -> Located | None:
        """The [people.ID] table of a traveller, if the file writes one."""
        block = next((b for b in self.scan() if b.header.path == ("people", person)), None)
        return None if block is None else Located(block, ("people", person))

    def locate_trip(self) -> Located:
        block = trip_block(self.scan())
        if block is None:
            raise self.refuse("[trip] is not written as a [trip] table")
        return Located(block, ("trip",))

    # -- splicing ------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Entries added inside are checked together at the end (or before any other
        edit): the file is read again once, not once an entry (an invitation's thousand
        events took a minute). A refused batch raises, and nothing is written."""
        self.batched = True
        try:
            yield
            self.flush()
        finally:
            self.batched = False

    def flush(self) -> None:
        """Check the entries added in a batch: the loader accepts the file, and no table
        but the added entries changed."""
        if not self.pending:
            return
        added, self.pending, self.pending_ids = self.pending, [], []
        lines, self.pending_lines = self.pending_lines, []
        # One entry added is read alone (its place came from a scan of the file itself;
        # a batch's later ones from _scanned_with's reckoning, which the whole check holds).
        if len(added) == 1 and self._check_entry(self.text, added[0], lines[0], added=True):
            return
        self._check(self.text, (), tuple(reversed(added)))

    def _splice(
        self, start: int, stop: int, new: Iterable[str], where: tuple[Where | None, Where | None]
    ) -> None:
        """Replace lines[start:stop] by `new`, check the result, and keep it."""
        new = list(new)
        text = self.text.splice(start, stop, new)
        if self.batched and where[0] is None and where[1] is not None:
            self._scanned_with(text, start, new)
            self.text = text  # an addition: checked with the batch's others (flush)
            table, index = where[1]
            self.pending.append((table, index))
            self.pending_lines.append(new)
        else:
            self.flush()
            added = where[0] is None
            if (where[0] != where[1] and not added) or not self._check_entry(
                text, where[1], new, added=added
            ):
                self._check(text, (where[0],), (where[1],))

    def _check_entry(
        self, text: TextFile, where: Where | None, new: list[str], *, added: bool = False
    ) -> bool:
        """Keep `text`, where only the lines `new` of one entry changed (or were added
        after its array's last), if that entry alone reads as an entry of the trip; False
        when it cannot tell (then the whole file is read again, and says why).

        The lines around are byte for byte as they were, and the entry's own lines read
        alone as one whole [[table]] item: they close every string and array they open,
        so no other table of the file can read otherwise; only the entry is read again.
        """
        from tripplan.load import reread_entry
        from tripplan.tomlread import parse_toml

        if where is None or where[0] not in ("events", "travel", "lodging"):
            return False
        table, index = where
        try:
            parsed, _ = parse_toml("".join(new).encode("utf-8"), self.path)
        except TripError:
            return False
        items = parsed.get(table)
        if parsed.keys() != {table} or not isinstance(items, list) or len(items) != 1:
            return False
        ids = self.shape.explicit_ids(where)
        trip = reread_entry(self.trip, table, index, items[0], ids, added=added)
        if trip is None:
            return False
        if not added:
            self.shape.replace_item(table, index, items[0])
        elif not self.shape.append_item(table, index, items[0]):
            return False
        self.shape.edited(text.encode())
        self.text, self.trip, self.scanned = text, trip, None
        return True

    def _check(
        self, text: TextFile, old: tuple[Where | None, ...], new: tuple[Where | None, ...]
    ) -> None:
        """Keep `text` if the loader accepts it and it changes no table but those `old`
        (the file as it was) and `new` (as it is now) name."""
        from tripplan.load import loads_trip_and_document

        kept = self.shape.without(*old)  # made now, while only the old file is parsed
        data = text.encode()
        # The trip as it was, its text and their blocks are not needed any more (a refused
        # edit ends the command), and a season's are a few hundred megabytes: let them go
        # before the new one is read.
        del self.trip
        self.text, self.scanned = text, None
        try:
            trip, document = loads_trip_and_document(data, self.path)
        except TripError as err:
            reason = loader_reason(err)
            raise self.refuse(f"the edit would make the file invalid: {reason}") from None
        shape = Shape.of(document)
        del document
        if kept != shape.without(*new):
            raise self.refuse("cannot edit this file's layout safely: other tables would change")
        self.text, self.trip, self.shape = text, trip, shape

    def edit_table(self, table: Located, change: Callable[[Table], None]) -> None:
        """Edit one table's lines with tomlkit: `change` is given the parsed table."""
        import tomlkit
        from tomlkit.exceptions import TOMLKitError

        block, newline = table.block, self.text.newline
        lines = list(self.text.lines[block.start : block.core_end])
        if not lines[-1].endswith("\n"):
            lines[-1] += newline  # the file's last line, about to gain keys
        core = "".join(lines)
        if table.pin_id is not None:
            id_line = f"id = {tomlkit.string(table.pin_id).as_string()}{newline}"
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
        self._splice(block.start, block.core_end, split_lines(edited), (table.where, table.where))

    def remove(self, table: Located) -> None:
        """Take a table's lines out, with the blank lines after it (before it, if it is
        the file's last)."""
        block, lines = table.block, self.text.lines
        start, stop = block.start, block.end
        while stop < len(lines) and not lines[stop].strip():
            stop += 1
        if stop == len(lines):  # the file's last entry: the blank lines before it go
            while start > 0 and not lines[start - 1].strip():
                start -= 1
            if start > 0 and stop > block.end:
                stop = block.end
        self._splice(start, stop, [], (table.where, None))

    def insert_named(self, table: str, name: str, spec: Mapping[str, Any]) -> None:
        """Add a [TABLE.NAME] table ([places.la], [people.mayor]) after the last of its
        table (or after [trip])."""
        found = self.scan()
        after = [b for b in found if b.header.path[:1] == (table,)] or [
            b for b in found if b.header.path == ("trip",)
        ]
        where = (table, name)
        self._insert(after[-1] if after else None, where, spec, where)

    def insert_entry(self, table: str, spec: Mapping[str, Any]) -> None:
        """Add `spec` (values: str, list, or TOML items) after the table's last entry;
        the loader's index of it is the array's length."""
        found = self._array(table)
        where = (table, len(found))
        self._insert(found[-1] if found else None, (table,), spec, where, array=True)
        if self.pending:  # not read back yet: its keys as the file now writes them
            self.shape.raw.setdefault(table, []).append({k: spec[k] for k in RAW_KEYS if k in spec})
            self.pending_ids.append(str(spec["id"]))

    def _insert(
        self,
        after: Block | None,
        path: tuple[str, ...],
        spec: Mapping[str, Any],
        where: Where,
        array: bool = False,
    ) -> None:
        newline = self.text.newline
        text = _with_newline(_table_text(path, spec, array), newline)
        new = [newline, *split_lines(text)]
        lines = self.text.lines
        at = after.end if after is not None else len(lines)
        if at == len(lines) and lines and not lines[-1].endswith("\n"):
            new.insert(0, newline)  # the last line gains its ending
        elif after is None and (not lines or not lines[-1].strip()):
            new.pop(0)  # no blank line at the start of the file, nor two after a blank
        self._splice(at, at, new, (None, where))


def _table_text(path: tuple[str, ...], spec: Mapping[str, Any], array: bool) -> str:
    """A new table as tomlkit writes it: `[[events]]` or `[places.la]` and its keys."""
    import tomlkit

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
    return tomlkit.dumps(document).strip("\n") + "\n"


def _table_at(document: Any, path: tuple[str, ...], array: bool) -> Table:
    node = document
    for step in path:
        node = node[step]
    return node[0] if array else node  # type: ignore[no-any-return]


def toml_value(text: str) -> Any:
    """A TOML value item from its text (a date-time keeps exactly this text)."""
    import tomlkit

    return tomlkit.value(text)


def _with_newline(text: str, newline: str) -> str:
    return re.sub(r"(?<!\r)\n", "\r\n", text) if newline == "\r\n" else text


def did_you_mean(word: str, choices: list[str]) -> str:
    """` (did you mean 'la-mou'?)` when one of `choices` is close to `word`, else ``."""
    import difflib

    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
