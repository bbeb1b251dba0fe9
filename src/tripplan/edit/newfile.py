"""`tripplan new`: a fresh trip file, written with tomli-w, as a person would start one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tripplan.errors import OptionError
from tripplan.zones import lookup_zone, unknown_zone

# tomli-w writes no comments; these lines say where the format is described.
HEADER = """\
# A trip for tripplan. Every key is described in tripplan's docs/format.md.
# Add to it with `tripplan add place|event|travel`, or by hand:
#   [places.ID]   tz (an IANA zone), name
#   [[events]]    title, place, start, end or duration, venue, kind, who, notes
#   [[travel]]    title, from, to, depart (local at from), arrive (local at to), mode
"""


@dataclass(frozen=True, slots=True)
class NewTrip:
    title: str
    ident: str | None = None  # None: a random one
    home: str | None = None
    home_tz: str | None = None
    start: date | None = None
    end: date | None = None
    travellers: tuple[str, ...] = ()


def new_trip(spec: NewTrip, name: str) -> bytes:
    """The file's bytes, checked by the real loader before anything is written."""
    import secrets

    import tomli_w

    from tripplan.load import loads_trip

    if spec.home is not None and spec.home_tz is None:
        raise OptionError("home_tz", f"the home place {spec.home!r} needs its zone").naming(
            "", "home", " and ", "home_tz", " go together: the home place and its zone"
        )
    if spec.home is None and spec.home_tz is not None:
        raise OptionError(
            "home", f"no home place for the zone {spec.home_tz!r}: give its id"
        ).naming("", "home", " and ", "home_tz", " go together: the home place and its zone")
    if spec.home_tz is not None and lookup_zone(spec.home_tz) is None:
        raise OptionError("home_tz", unknown_zone(spec.home_tz))  # not the loader's line 13
    trip: dict[str, Any] = {"title": spec.title, "id": spec.ident or secrets.token_hex(6)}
    if spec.home is not None:
        trip["home"] = spec.home
    for key, day in (("start", spec.start), ("end", spec.end)):
        if day is not None:
            trip[key] = day
    if spec.travellers:
        trip["travellers"] = list(spec.travellers)
    document: dict[str, Any] = {"trip": trip}
    if spec.home is not None:
        document["places"] = {spec.home: {"tz": spec.home_tz}}
    data = (HEADER + "\n" + tomli_w.dumps(document)).encode("utf-8")
    loads_trip(data, name)  # a bad zone, an end before the start: refused, nothing written
    return data
