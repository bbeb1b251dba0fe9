"""Airports by IATA code: their zone and name, from the `airportsdata` package's data.

`airportsdata` (monthly releases, IANA zone names) is the database. Its `load()` builds a
dict for each of its ~28,000 airports, 140 ms on this machine, where a trip names a handful:
so the rows asked for are found in its CSV file with one search of the text (a few ms for
twenty codes), and each is read with the csv module as `load()` reads it. Nothing here runs
unless a place names an `airport` (a trip without one never opens the file).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

__all__ = ["Airport", "airport", "airports", "well_formed"]

_CODE = re.compile(r"[A-Za-z]{3}")


@dataclass(frozen=True, slots=True)
class Airport:
    code: str  # IATA, upper case
    name: str  # "Los Angeles International Airport"
    city: str  # "Los Angeles"
    country: str  # ISO 3166-1 alpha-2
    tz: str  # an IANA zone name ("" where the database has none)


def well_formed(code: str) -> bool:
    """Whether `code` is written as an IATA location code is: three letters (any case)."""
    return _CODE.fullmatch(code) is not None


@cache
def _data() -> bytes:
    """The database's CSV file, found without running the package (its import costs as
    much as the search)."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("airportsdata")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("airportsdata is not installed (pip install airportsdata)")
    return Path(spec.origin).with_name("airports.csv").read_bytes()


def airports(codes: Iterable[str]) -> dict[str, Airport]:
    """The airports of the database among `codes` (any case), by upper-case code; a code
    the database does not know is left out."""
    wanted = sorted({code.upper() for code in codes if well_formed(code)})
    if not wanted:
        return {}
    # A row is "ICAO","IATA","name",... on a line of its own (the first line names the
    # fields): the IATA code is the second field, quoted. One search for them all, then
    # each row found read as csv reads it.
    alternatives = "|".join(wanted).encode()
    rows = re.compile(rb'\n("[^"\n]*","(?:' + alternatives + rb')",[^\n]*)')
    found: dict[str, Airport] = {}
    for match in rows.finditer(_data()):
        row = next(csv.reader([match.group(1).decode("utf-8")]))
        if len(row) >= 10 and row[1] not in found:
            found[row[1]] = Airport(row[1], row[2], row[3], row[5], row[9])
    return found


def airport(code: str) -> Airport | None:
    """One airport by its IATA code (any case), or None when the database does not know it."""
    return airports([code]).get(code.upper())
