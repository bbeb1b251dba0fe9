"""How an edited file is checked before it is kept: the whole file, parsed again, must
equal the old one outside the edited tables. A table is compared by a digest of its
parsed content, so a season's parsed TOML (a hundred megabytes) is not kept to compare.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from hashlib import blake2b
from typing import Any

from tripplan import fields
from tripplan.errors import TripError

# A table as a Shape names it: ("events", 3), ("places", "la"), ("trip",).
Where = tuple[Any, ...]

# The keys of an entry an edit or an import looks up in the file as written.
RAW_KEYS = ("id", "uid", "x-uid", "x-recurrence-id", "who")


@dataclass(slots=True)
class Shape:
    """A parsed file in brief: a digest of each table (each item of an array, each place)
    to tell that an edit changed no table but its own, and the few keys of each entry
    looked up as written. A season's parsed TOML is a hundred megabytes; its shape, a few.

    The digests are made when first asked for, from `source` (the bytes the shape is
    of): an edit of one entry's lines never needs them (TripFile._check_entry), and
    making them took a tenth of an edit of 10,000 entries.
    """

    raw: dict[str, list[dict[str, Any]]]  # events, travel: RAW_KEYS of each item
    source: bytes | None = None  # what the digests are made from, until they are
    made: dict[str, Any] | None = None  # top-level key: a digest, or a list or dict of them

    @classmethod
    def of(cls, document: Mapping[str, Any], source: bytes | None = None) -> Shape:
        """The shape of a parsed file; its digests later, from `source`, when given."""
        raw = {
            key: [
                {k: item[k] for k in RAW_KEYS if k in item}
                for item in value
                if isinstance(item, dict)
            ]
            for key, value in document.items()
            if isinstance(value, list)
        }
        if source is not None:
            return cls(raw, source)
        return cls(raw, None, _digests(document))

    @property
    def digests(self) -> dict[str, Any]:
        if self.made is None:
            from tripplan.tomlread import parse_toml

            document, _ = parse_toml(self.source or b"", "<the file as it was>")
            self.made, self.source = _digests(document), None
        return self.made

    def edited(self, source: bytes) -> None:
        """The file is now `source`, its digests not made yet: they will be of it."""
        if self.made is None:
            self.source = source

    def replace_item(self, table: str, index: int, item: Mapping[str, Any]) -> None:
        """The shape after one array item was edited to `item` (in place: the old shape
        is not needed after an edit)."""
        if self.made is not None:
            self.made[table][index] = _digest(item)
        self.raw[table][index] = {k: item[k] for k in RAW_KEYS if k in item}

    def append_item(self, table: str, index: int, item: Mapping[str, Any]) -> bool:
        """The shape after `item` was added as `table[index]`; False when that is not
        the array's next item (then the file is read again)."""
        raw = self.raw.get(table)
        if raw is None or len(raw) not in (index, index + 1):
            return False  # the file's first of its kind, or not the next: read it again
        if self.made is not None:
            digests = self.made.get(table)
            if not isinstance(digests, list) or len(digests) != index:
                return False
            digests.append(_digest(item))
        if len(raw) == index:  # a batch's addition has its raw keys already
            raw.append({k: item[k] for k in RAW_KEYS if k in item})
        return True

    def explicit_ids(self, but: Where) -> dict[str, int]:
        """The ids the file writes, each as `fields.id_code` of its entry, but the
        entry at `but`: what a re-read entry's id must not repeat."""
        return {
            raw["id"]: fields.id_code(table, index)
            for table in ("events", "travel", "lodging")
            for index, raw in enumerate(self.raw.get(table, []))
            if "id" in raw and (table, index) != but
        }

    def without(self, *wheres: Where | None) -> dict[str, Any]:
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


def _digests(document: Mapping[str, Any]) -> dict[str, Any]:
    digests: dict[str, Any] = {}
    for key, value in document.items():
        if isinstance(value, list):
            digests[key] = [_digest(item) for item in value]
        elif isinstance(value, dict) and key != "trip":
            digests[key] = {k: _digest(v) for k, v in value.items()}
        else:
            digests[key] = _digest(value)
    return digests


def _digest(value: object) -> bytes:
    """A table's content, as equal for equal tables (keys in the file's order) as the
    table itself, in 16 bytes."""
    return blake2b(repr(value).encode(), digest_size=16).digest()


def loader_reason(err: TripError) -> str:
    """The loader's complaint without its `file:line`: the line is the edited text's."""
    message, entry = getattr(err, "message", None), getattr(err, "entry", None)
    if isinstance(message, str):
        return f"{entry}: {message}" if entry else message
    return str(err).splitlines()[0]
