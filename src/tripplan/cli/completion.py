"""Shell completion (Typer's own: `tripplan --install-completion`): `--tz` completes zone
names, the trip's place ids and `home`; `--who` the trip's travellers; an entry's ID (move,
cancel, set) the trip's entry ids; a place (`--place`, `--from`, `--to` of add) its place
ids: all read from the FILE given on the line. These run only when the shell asks
(`_TRIPPLAN_COMPLETE` is set), so they may load a trip; they never fail, and never read
standard input.

What a trip file names is the file author's text, and a shell evaluates what it is
offered: zsh's `_arguments` expands `$(...)` and backquotes in the list Typer gives it
(Typer's escaping of `$` does not survive that second reading), bash's `COMPREPLY=( $(...) )`
globs `*` and splits on spaces. So a name is offered only if every character is a letter,
a digit or one of `_.@+-/`, which no shell reads as anything but itself; a traveller
or an id named otherwise is typed by hand. And completion, run as the user presses Tab, reads
only a regular file of at most COMPLETION_BYTES: a FIFO or /dev/stdin named as the trip
would block the shell, a device may act on being opened, and a season's trip takes
seconds to load.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from tripplan.model import Trip

# A 4 MiB trip holds about 20,000 entries and loads in about a second; larger ones
# complete no names from the file (zones still complete).
COMPLETION_BYTES = 4 * 1024 * 1024
_SAFE_MARKS = frozenset("_.@+-/")


def offerable(name: str) -> bool:
    """Whether a shell may be offered `name`: letters, digits and `_.@+-/`, starting
    with a letter or digit (no option), at most 64 characters.

    >>> offerable("delegation"), offerable("Asia/Seoul"), offerable("시장")
    (True, True, True)
    >>> offerable("$(touch x)"), offerable("two words"), offerable("*"), offerable("-x")
    (False, False, False, False)
    """
    return (
        0 < len(name) <= 64
        and name[0].isalnum()
        and all(char.isalnum() or char in _SAFE_MARKS for char in name)
    )


def _trips(ctx: typer.Context) -> list[Trip]:
    """The trips named on the command line so far (FILE or FILE...), those that load."""
    given = ctx.params.get("files") or ctx.params.get("file")
    # While an option's value is completed, Click leaves the arguments unparsed in
    # ctx.args: a word there that names no trip file simply does not load.
    words = [given] if isinstance(given, str) else list(given or ctx.args)
    paths = [word for word in words if not word.startswith("-")]
    return [trip for trip in map(_trip, paths) if trip is not None]


def _trip(path: str) -> Trip | None:
    """The trip at `path` if it is a regular file small enough, and loads; else None.
    Opened as an edit opens it (fileio.open_regular: never waits on a FIFO)."""
    from tripplan.errors import TripError
    from tripplan.fileio import names_descriptor
    from tripplan.filelock import open_regular
    from tripplan.load import loads_trip

    if names_descriptor(path):  # /dev/stdin, /dev/fd/0: the shell's own descriptors
        return None
    try:
        with open_regular(path) as handle:
            if os.fstat(handle.fileno()).st_size > COMPLETION_BYTES:
                return None
            data = handle.read(COMPLETION_BYTES + 1)
        if len(data) > COMPLETION_BYTES:
            return None
        return loads_trip(data, path)
    except (TripError, OSError, ValueError):  # ValueError: a NUL in the word
        return None


def complete_zones(ctx: typer.Context, incomplete: str) -> list[str]:
    """`home`, the trip's place ids, then every IANA zone name, that start as typed."""
    import zoneinfo

    from tripplan.load import NOT_ZONES

    trips = _trips(ctx)
    ours = [
        *(["home"] if any(t.home for t in trips) else []),
        *(p for t in trips for p in t.places),
    ]
    zones = sorted(
        z
        for z in zoneinfo.available_timezones()
        if z not in NOT_ZONES and not z.startswith(("posix/", "right/"))
    )
    return _offered([*ours, *zones], incomplete)


def complete_travellers(ctx: typer.Context, incomplete: str) -> list[str]:
    """The travellers the trip names, that start as typed."""
    return _offered((name for trip in _trips(ctx) for name in trip.travellers), incomplete)


def complete_entries(ctx: typer.Context, incomplete: str) -> list[str]:
    """The trip's entry ids (made ones too: an entry with no `id` is named by them), in
    time order, that start as typed."""
    return _offered((e.id for trip in _trips(ctx) for e in trip.entries), incomplete)


def complete_places(ctx: typer.Context, incomplete: str) -> list[str]:
    """The trip's place ids, in the file's order, that start as typed."""
    return _offered((place for trip in _trips(ctx) for place in trip.places), incomplete)


def complete_set_targets(ctx: typer.Context, incomplete: str) -> list[str]:
    """What `set` changes: an entry's id, a place's id, a traveller, or `trip`."""
    trips = _trips(ctx)
    ids = [*(e.id for t in trips for e in t.entries), *(p for t in trips for p in t.places)]
    ids += [name for t in trips for name in t.travellers]
    return _offered([*ids, *(["trip"] if trips else [])], incomplete)


def complete_leaving(ctx: typer.Context, incomplete: str) -> list[str]:
    """`cancel traveller FILE NAME`: the travellers of FILE, the word after `traveller`
    (the command's second argument)."""
    path = ctx.params.get("ident")
    trip = _trip(path) if ctx.params.get("file") == "traveller" and path else None
    return _offered(trip.travellers if trip is not None else (), incomplete)


def _offered(names: Iterable[str], incomplete: str) -> list[str]:
    """The names, each once, that start as typed and that a shell may be offered."""
    return [
        name for name in dict.fromkeys(names) if name.startswith(incomplete) and offerable(name)
    ]
