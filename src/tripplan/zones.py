"""Time zone names: which IANA zones there are, and the one meant by a misspelt name."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tripplan.text import close_matches

# Zone files that exist in the tz database's directory but name no place's rules.
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


def lookup_zone(name: str) -> ZoneInfo | None:
    """The IANA zone called `name`, or None. Links (US/Central) are zones too; the
    database's own helper files (localtime, posixrules) and leap-second trees are not.

    zoneinfo directly, not pendulum.timezone (a ZoneInfo subclass over the same data):
    importing pendulum costs a fifth of the start-up floor, and every command needs zones.
    """
    if (
        name in NOT_ZONES
        or name.startswith(("posix/", "right/", "/"))
        or ".." in name
        or not name.isascii()
        or name != name.strip()
    ):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


# A zone name that ZoneInfo cannot find costs a search of the disk (0.1 ms); after this
# many, a file's names are first looked for among the zones there are.
_ZONE_MISSES = 20


@cache
def zone_names() -> frozenset[str]:
    """Every zone name the tz database has (a walk of its directories: tens of ms)."""
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


@cache
def _zone_candidates() -> dict[str, str]:
    return {zone.lower(): zone for zone in zone_names() if lookup_zone(zone)}


def zone_hint(name: str) -> str:
    """` (did you mean 'Asia/Seoul'?)` for a misspelt zone name, else nothing."""
    candidates = _zone_candidates()
    wanted = name.strip().replace(" ", "_").lower()
    if wanted in candidates:
        return f" (did you mean {candidates[wanted]!r}?)"
    close = close_matches(wanted, candidates)
    return f" (did you mean {candidates[close[0]]!r}?)" if close else ""


def unknown_zone(name: str) -> str:
    """A typed zone name that is none (`add place --tz`, `new --home-tz`), in the words the
    loader has for one in a file, with its suggestion; with none close, the form of one.

    >>> unknown_zone("Europe/Zurch")
    "unknown time zone 'Europe/Zurch' (did you mean 'Europe/Zurich'?)"
    >>> unknown_zone("europe/zurich"), unknown_zone("Mars/X")  # doctest: +NORMALIZE_WHITESPACE
    ("unknown time zone 'europe/zurich' (did you mean 'Europe/Zurich'?)",
     "unknown time zone 'Mars/X' (an IANA name, e.g. America/Chicago)")
    """
    return f"unknown time zone {name!r}{zone_hint(name) or ' (an IANA name, e.g. America/Chicago)'}"


# UTC under its other names: a place on it keeps no region's clock on purpose (a call, a
# server), and it is right all year.
UTC_NAMES = frozenset(
    {"UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu"}
)
# The tz database's legacy names of no region outside Etc/ (its `backward` file). The four
# US rules are links to a region's zone since tzdata 2024b, and Hawaii keeps HST all year:
# those are the zone meant. The others are only examples of a region's zone that keeps
# the clock part of the year (EST: New York in winter, or Panama and Jamaica all year).
_MEANT = {
    "EST5EDT": "America/New_York",
    "CST6CDT": "America/Chicago",
    "MST7MDT": "America/Denver",
    "PST8PDT": "America/Los_Angeles",
    "HST": "Pacific/Honolulu",
}
_GMT = ("GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich")
_EXAMPLES = {
    "EST": "America/New_York",
    "MST": "America/Denver",
    "CET": "Europe/Paris",
    "MET": "Europe/Paris",
    "EET": "Europe/Athens",
    "WET": "Europe/Lisbon",
    **dict.fromkeys(_GMT, "Europe/London"),
}


def regionless(name: str) -> bool:
    """Whether a zone name keeps the rules of no region (the check `fixed-zone`): a fixed
    offset (EST, Etc/GMT+5: an hour off all summer in New York) or a legacy rule (EST5EDT,
    CET); every Etc/ zone, and GMT under its names. UTC under its own names is fine.

    >>> [regionless(z) for z in ("EST", "EST5EDT", "Etc/GMT+5", "GMT", "GMT+0", "CET")]
    [True, True, True, True, True, True]
    >>> [regionless(z) for z in ("UTC", "Etc/UCT", "Zulu", "America/New_York", "US/Eastern")]
    [False, False, False, False, False]
    """
    if name in UTC_NAMES:
        return False
    return name in _MEANT or name in _EXAMPLES or name.startswith("Etc/")


def region_instead(name: str) -> tuple[str, bool]:
    """The region's zone to use for a `regionless` name, and whether it is the one meant
    (EST5EDT is New York's rules) or only an example (EST may be Panama's).

    >>> region_instead("PST8PDT"), region_instead("EST"), region_instead("Etc/GMT-9")
    (('America/Los_Angeles', True), ('America/New_York', False), ('America/New_York', False))
    >>> region_instead("GMT"), region_instead("Etc/Greenwich")
    (('Europe/London', False), ('Europe/London', False))
    """
    if name in _MEANT:
        return _MEANT[name], True
    return _EXAMPLES.get(name.removeprefix("Etc/"), "America/New_York"), False
