"""`cancel` and `set`: an entry's lines taken out, one simple key of a table changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tripplan import fields
from tripplan.edit.result import Done, said
from tripplan.edit.times import clock
from tripplan.edit.tripfile import Located, TripFile, did_you_mean
from tripplan.model import AllDayEvent

if TYPE_CHECKING:
    from tomlkit.items import Table

TRIP_TABLE = "[trip]"  # how `set` names the trip's own table


def cancel(file: TripFile, ident: str) -> Done:
    """Take the entry's lines out of the file."""
    entry = file.entry(ident)
    file.remove(file.locate_entry(entry))
    return Done(f"cancelled {said(entry)}")


def set_value(file: TripFile, ident: str, key: str, value: str) -> Done:
    """Set one simple key of an entry, a place or the trip; an empty value removes an
    optional key."""
    table, located, label = _target(file, ident)
    spec = table.key(key)
    if not key.startswith(fields.EXTENSION_PREFIX):
        if spec is None:
            known = ", ".join(k.name for k in table.keys if k.settable)
            raise file.refuse(f"{label} has no key {key!r} (keys set here: {known})")
        if not spec.settable:
            raise file.refuse(f"`{key}` is not set here: {_why_not(spec)}")
    kind = spec.kind if spec is not None else fields.Kind.TEXT
    required = spec is not None and spec.required

    def change(item: Table) -> None:
        if not value.strip() and kind in (fields.Kind.TEXT, fields.Kind.NAMES):
            if required:
                raise file.refuse(f"`{key}` is required: it cannot be empty")
            if key in item:
                del item[key]
            return
        item[key] = _text_value(item.get(key), value, kind)

    file.edit_table(located, change)
    shown = value if value.strip() else "(removed)"
    notes: tuple[str, ...] = ()
    if kind is fields.Kind.PLACE and table in (fields.EVENTS, fields.TRAVEL):
        notes = _new_zone(file, ident, key)
    return Done(f"set {key} of {label} to {shown}", notes)


def _new_zone(file: TripFile, ident: str, key: str) -> tuple[str, ...]:
    """Local times are read in the place's zone: a new place can move the instants."""
    entry = file.entry(ident)
    if isinstance(entry, AllDayEvent):
        return ()
    place = entry.start_place if key in ("place", "from") else entry.end_place
    when = clock(entry.start, entry.start_place.zone)
    return (f"{ident}: its local times are now read in {place.tz}: it starts {when}",)


def _target(file: TripFile, ident: str) -> tuple[fields.Table, Located, str]:
    """What `set` names: an entry, a place, or the trip ([trip]); and how it is said."""
    file.flush()
    entry = next((e for e in file.trip.entries if e.id == ident), None)
    if entry is not None:
        if ident in file.trip.places:
            raise file.refuse(f"{ident!r} names both an entry and a place")
        table = fields.EVENTS if entry.table == "events" else fields.TRAVEL
        return table, file.locate_entry(entry), said(entry)
    if ident in file.trip.places:
        return fields.PLACES, file.locate_place(ident), f"place {ident!r}"
    if ident == TRIP_TABLE:
        return fields.TRIP, file.locate_trip(), TRIP_TABLE
    known = file.ids() + sorted(file.trip.places)
    raise file.refuse(
        f"no entry or place has the id {ident!r}{did_you_mean(ident, known)}"
        f" ({TRIP_TABLE} names the trip)"
    )


def _text_value(old: Any, value: str, kind: fields.Kind) -> Any:
    """The TOML item for a typed value: a list of names, or a string quoted as the old
    one was (a literal string stays literal where it can)."""
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


def _why_not(key: fields.Key) -> str:
    if key.name == "id":
        return "an id is the entry's identity (add a new entry, cancel the old one)"
    if key.kind in (fields.Kind.DATE_TIME, fields.Kind.DATE_TIME_OR_DATE, fields.Kind.DURATION):
        return "times change with `tripplan move`, which keeps the entry's length"
    return "edit it in the file by hand"
