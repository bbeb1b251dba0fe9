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
