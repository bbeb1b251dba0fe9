"""`add traveller` and `cancel traveller`: the trip's `travellers`, the `who` of the
entries that name one, and their `[people.ID]` details (format 1.1).

An entry without `who` is everyone's: a new traveller takes part in it, and that is said.
A traveller is cancelled only when no entry names them alone (those would be no one's);
the entries that name them with others lose the name, each a new revision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tripplan.edit.result import Done
from tripplan.edit.revision import raise_sequence
from tripplan.edit.tripfile import TripFile
from tripplan.lang import _, ngettext

if TYPE_CHECKING:
    from tomlkit.items import Table

    from tripplan.model import AnyEntry

MAX_LISTED = 5  # entries a refusal names before "and N more"


def add_traveller(file: TripFile, name: str, full_name: str | None, email: str | None) -> Done:
    """A traveller named `name` in `travellers`, with a [people.NAME] table when a full
    name or an e-mail address is given."""
    import tomlkit

    trip = file.trip
    if name in trip.travellers:
        raise file.refuse(f"the traveller {name!r} exists already")
    if not name.strip() or name != name.strip():
        raise file.refuse(f"{name!r} is not a traveller's name: no blanks around it")

    def change(item: Table) -> None:
        names = item.get("travellers")
        if names is None:
            array = tomlkit.array()
            array.append(name)
            item["travellers"] = array
        else:
            names.append(name)

    file.edit_table(file.locate_trip(), change)
    details = {k: v for k, v in (("name", full_name), ("email", email)) if v}
    if details:
        file.insert_named("people", name, details)
    everyone = [e for e in file.trip.entries if _everyones(file, e)]
    notes: tuple[str, ...] = ()
    if everyone:
        # TRANSLATORS: English says "are" and "them" for one entry too (as it always has).
        worded = ngettext(
            "{n} entry without `who` are everyone's: {name} now takes part in them",
            "{n} entries without `who` are everyone's: {name} now takes part in them",
            len(everyone),
        )
        notes = (worded.format(n=len(everyone), name=repr(name)),)
    return Done(_("added traveller {name}").format(name=repr(name)), notes)


def cancel_traveller(file: TripFile, name: str) -> Done:
    """`name` out of `travellers`, out of each entry's `who`, and their [people] table."""
    from tripplan.edit.tripfile import did_you_mean

    trip = file.trip
    if name not in trip.travellers:
        listed = ", ".join(trip.travellers) or "none"
        raise file.refuse(
            f"no traveller is named {name!r}{did_you_mean(name, list(trip.travellers))}"
            f" (travellers: {listed})"
        )
    alone = [e.id for e in trip.entries if _named(file, e) == [name]]
    if alone:
        shown = ", ".join(alone[:MAX_LISTED])
        more = f" and {len(alone) - MAX_LISTED} more" if len(alone) > MAX_LISTED else ""
        raise file.refuse(
            f"{name!r} is alone in {shown}{more}: cancel those entries, or give them"
            " other travellers first"
        )
    named = [e.id for e in trip.entries if name in (_named(file, e) or [])]
    for ident in named:
        file.edit_table(file.locate_entry(file.entry(ident)), _without(name, revise=True))
    person = file.locate_person(name)
    if person is not None:  # before `travellers`: [people] names only travellers
        file.remove(person)
    file.edit_table(file.locate_trip(), _without(name, key="travellers"))
    notes: tuple[str, ...] = ()
    if named:
        notes = (_("taken out of the `who` of {entries}").format(entries=", ".join(named)),)
    return Done(_("cancelled traveller {name}").format(name=repr(name)), notes)


def _without(name: str, *, key: str = "who", revise: bool = False) -> Any:
    """A change that takes `name` out of the array `key` (the key goes when empty)."""

    def change(item: Table) -> None:
        names = item[key]
        for index in reversed(range(len(names))):
            if names[index] == name:
                del names[index]
        if not len(names):
            del item[key]
        if revise:
            raise_sequence(item)

    return change


def _named(file: TripFile, entry: AnyEntry) -> list[str] | None:
    """The travellers an entry's `who` names in the file; None when it has no `who`."""
    return file.written_who(entry)


def _everyones(file: TripFile, entry: AnyEntry) -> bool:
    """Whether the entry writes no `who` (it is every traveller's)."""
    return file.written_who(entry) is None
