"""Shell completion (Typer's own: `tripplan --install-completion`): `--tz` completes zone
names, the trip's place ids and `home`; `--who` the trip's travellers, read from the FILE
given on the line. These run only when the shell asks (`_TRIPPLAN_COMPLETE` is set), so
they may load a trip; they never fail, and never read standard input."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from tripplan.model import Trip


def _trips(ctx: typer.Context) -> list[Trip]:
    """The trips named on the command line so far (FILE or FILE...), those that load."""
    from tripplan.errors import TripError
    from tripplan.load import load_trip

    given = ctx.params.get("files") or ctx.params.get("file")
    # While an option's value is completed, Click leaves the arguments unparsed in
    # ctx.args: a word there that names no trip file simply does not load.
    words = [given] if isinstance(given, str) else list(given or ctx.args)
    paths = [word for word in words if not word.startswith("-") or word == "-"]
    trips = []
    for path in paths:
        if path == "-":
            continue
        try:
            trips.append(load_trip(path))
        except TripError:
            continue
    return trips


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
    return [name for name in dict.fromkeys([*ours, *zones]) if name.startswith(incomplete)]


def complete_travellers(ctx: typer.Context, incomplete: str) -> list[str]:
    """The travellers the trip names, that start as typed."""
    names = dict.fromkeys(name for trip in _trips(ctx) for name in trip.travellers)
    return [name for name in names if name.startswith(incomplete)]
