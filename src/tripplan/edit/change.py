"""`cancel` and `set`: an entry's lines taken out, one key of a table changed."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tripplan import fields
from tripplan.edit.result import Done, said, set_said, unsaid
from tripplan.edit.revision import raise_sequence
from tripplan.edit.settime import TIME_KEYS, set_time
from tripplan.edit.times import clock
from tripplan.edit.tripfile import Located, TripFile, did_you_mean, toml_value
from tripplan.lang import _
from tripplan.model import AllDayEvent
from tripplan.timing import parse_duration

if TYPE_CHECKING:
    from tomlkit.items import Table

TRIP_TABLE = "[trip]"  # how `set` names the trip's own table: `trip`, or `[trip]`
TRIP_WORD = "trip"  # unless an entry or a place has that id


def cancel(file: TripFile, ident: str) -> Done:
    """Take the entry's lines out of the file."""
    entry = file.entry(ident)
    file.remove(file.locate_entry(entry))
    return Done(_("cancelled {entry}").format(entry=said(entry)))


def set_value(file: TripFile, ident: str, key: str, value: str, tz: str | None = None) -> Done:
    """Set one key of an entry, a place, a traveller ([people]) or the trip; an empty
    value removes an optional key. A time or a length of an entry is set alone, the
    others kept (settime.py); a change calendars show raises the entry's `sequence`."""
    table, located, label = _target(file, ident)
    spec = _settable(file, table, key, label)
    if spec is not None and spec.name in TIME_KEYS and table in fields.ENTRY_TABLES:
        return set_time(file, file.entry(ident), spec, value, tz)
    reported = _reported(file, table, ident, label)
    kind = spec.kind if spec is not None else fields.Kind.TEXT
    new = _typed(file, spec, key, value)
    revises = spec is not None and spec.revises and table in fields.ENTRY_TABLES

    def change(item: Table) -> None:
        if table is fields.PLACES and key == "airport" and new is not None:
            _keep_place(file, ident, item)
        old = item.get(key)
        if new is None:
            if key in item:
                del item[key]
        else:
            item[key] = _item(old, new, kind)
        if revises and _plain(old) != _plain(item.get(key)):
            raise_sequence(item)

    if located is not None:
        file.edit_table(located, change)
    elif new is not None:  # a traveller's first detail: their [people.ID] table
        file.insert_named("people", ident, {key: _item(None, new, kind)})
    shown = value if value.strip() else _("(removed)")
    notes: tuple[str, ...] = ()
    if kind is fields.Kind.PLACE and table in fields.ENTRY_TABLES:
        notes = _new_zone(file, ident, key)
    return Done(set_said(key, reported, shown), notes)


def _keep_place(file: TripFile, ident: str, item: Table) -> None:
    """Before a place gets an airport: its zone must be its own `tz` (else the airport's
    would move its entries), and a place named by its id gets that name written, so that
    the airport's city does not rename it in every view and calendar."""
    if "tz" not in item:
        raise file.refuse(f"`airport` is not set here: {_AIRPORT_ZONE}")
    if "name" not in item:
        item["name"] = file.trip.places[ident].name


def _reported(file: TripFile, table: fields.Table, ident: str, label: str) -> str:
    """What `set` changed, as its report names it (`label`: as an error names it)."""
    if table in fields.ENTRY_TABLES:
        return said(file.entry(ident))
    if table is fields.PLACES:
        return _("place {id}").format(id=repr(ident))
    if table is fields.PEOPLE:
        return _("traveller {id}").format(id=repr(ident))
    return label


def _settable(file: TripFile, table: fields.Table, key: str, label: str) -> fields.Key | None:
    """The declared key `set` changes (None: an `x-` key, free text)."""
    spec = table.key(key)
    if key.startswith(fields.EXTENSION_PREFIX):
        return spec
    if spec is None:
        known = ", ".join(k.name for k in table.keys if k.settable)
        raise file.refuse(f"{label} has no key {key!r} (keys set here: {known})")
    if not spec.settable:
        raise file.refuse(f"`{key}` is not set here: {_why_not(spec)}")
    return spec


def _typed(file: TripFile, spec: fields.Key | None, key: str, value: str) -> str | date | None:
    """The value typed for a key as it is written, checked; None: the key is removed."""
    if not value.strip():
        if spec is not None and spec.required:
            raise file.refuse(f"`{key}` is required: it cannot be empty")
        return None
    kind = spec.kind if spec is not None else fields.Kind.TEXT
    if kind is fields.Kind.DURATION:
        try:
            parse_duration(value.strip())
        except ValueError as err:
            raise file.refuse(f"`{key}`: {err}") from None
        return value.strip()
    if kind is fields.Kind.DATE:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise file.refuse(f"`{key}`: {value!r} is not a date like 2010-11-16") from None
    return value


def _plain(item: Any) -> Any:
    """A TOML item's value, to tell whether an edit changed it."""
    return item.unwrap() if hasattr(item, "unwrap") else item


def _new_zone(file: TripFile, ident: str, key: str) -> tuple[str, ...]:
    """Local times are read in the place's zone: a new place can move the instants."""
    entry = file.entry(ident)
    if isinstance(entry, AllDayEvent):
        return ()
    place = entry.start_place if key in ("place", "from") else entry.end_place
    when = clock(entry.start, entry.start_place.zone)
    return (
        _("{id}: its local times are now read in {zone}: it starts {when}").format(
            id=ident, zone=place.tz, when=when
        ),
    )


def _target(file: TripFile, ident: str) -> tuple[fields.Table, Located | None, str]:
    """What `set` names: an entry, a place, a traveller (their [people] table, None when
    the file has none yet) or the trip ([trip]); and how it is said."""
    file.flush()
    entry = next((e for e in file.trip.entries if e.id == ident), None)
    if entry is not None:
        if ident in file.trip.places:
            raise file.refuse(f"{ident!r} names both an entry and a place")
        table = fields.entry_table(entry.table)
        return table, file.locate_entry(entry), unsaid(entry)
    if ident in file.trip.places:
        return fields.PLACES, file.locate_place(ident), f"place {ident!r}"
    if ident in file.trip.travellers:
        return fields.PEOPLE, file.locate_person(ident), f"traveller {ident!r}"
    if ident in (TRIP_TABLE, TRIP_WORD):
        return fields.TRIP, file.locate_trip(), TRIP_TABLE
    known = file.ids() + sorted(file.trip.places) + list(file.trip.travellers)
    raise file.refuse(
        f"no entry or place has the id {ident!r}{did_you_mean(ident, known)}"
        f" ({TRIP_TABLE} names the trip)"
    )


def _item(old: Any, value: str | date, kind: fields.Kind) -> Any:
    """The TOML item for a typed value: a date, a list of names, or a string quoted as
    the old one was (a literal string stays literal where it can)."""
    import tomlkit
    from tomlkit.items import String, StringType

    if isinstance(value, date):
        return toml_value(value.isoformat())
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


# A place without `tz` has its airport's zone: a new airport would move its entries.
_AIRPORT_ZONE = (
    "the place's zone is its airport's: a new airport would move every entry of the place"
    " (write its `tz` first, or edit it in the file by hand)"
)


def _why_not(key: fields.Key) -> str:
    if key.name == "id":
        return "an id is the entry's identity (add a new entry, cancel the old one)"
    if key.name == "travellers":
        return "travellers change with `tripplan add traveller` and `cancel traveller`"
    if key.name in ("sequence", "stamp"):
        return "it is the entry's revision: edits raise it, `import ics` sets it"
    if key.kind is fields.Kind.ZONE:
        return "a new zone would move every entry of the place (edit it in the file by hand)"
    return "edit it in the file by hand"
