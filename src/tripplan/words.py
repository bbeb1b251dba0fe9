"""How tripplan says things: a clock, an offset, a date, a place with its venue, a length of
time, a clock change. Every renderer (tables, headings, findings, ICS text) takes its words
from here, so one fact is written one way everywhere. No Rich here: plain strings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from tripplan.lang import N_, _, cldr_day, current

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tripplan.model import AnyEntry, Place


def offset(delta: timedelta) -> str:
    """An offset as JSON and RFC 3339 write it: +09:00, -08:00, +05:45 (+HH:MM:SS where
    seconds exist, as in local mean time before 1900)."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def utc_offset(delta: timedelta) -> str:
    """An offset as people read it: UTC+09:00. Written with `UTC` so that it can never be
    read as a day shift (+1) or as a zone's numeric abbreviation (+08)."""
    return f"UTC{offset(delta)}"


def utc(moment: datetime) -> str:
    """An instant in UTC as JSON writes it (RFC 3339 with `Z`), whatever zone it is read in.

    >>> from datetime import timezone
    >>> utc(datetime(2010, 11, 17, 3, 10, tzinfo=timezone(timedelta(hours=9))))
    '2010-11-16T18:10:00Z'
    """
    from datetime import UTC

    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def zone(moment: datetime) -> str:
    """The clock in force at a moment, without the time: PST UTC-08:00, or UTC+08:00."""
    return _zone(moment.tzname() or "", moment.utcoffset() or timedelta(0))


@lru_cache(maxsize=1024)  # a trip has a few clocks, said thousands of times
def _zone(name: str, delta: timedelta) -> str:
    # A numeric abbreviation (+08) says nothing the offset does not, nor does UTC's own.
    letters = "" if name[:1] in "+-" or name[:1].isdigit() or name == "UTC" else name
    shown = utc_offset(delta)
    return f"{letters} {shown}" if letters else shown


def clock(moment: datetime) -> str:
    """A local time with its clock: 09:10 PST UTC-08:00."""
    return f"{wall(moment)} {zone(moment)}"


def wall(moment: datetime) -> str:
    """A wall-clock reading alone, without its zone: 09:10."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


# English names, whatever the machine's locale (strftime's %a and %b follow LC_TIME); any
# other language's come from CLDR (tripplan.lang.cldr_day).
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(moment: date, *, year: bool) -> str:
    """Tue 16 Nov, or Tue 16 Nov 2010 where a view spans years or is not this year's;
    a year is always four digits, as ISO dates write it.

    >>> day(date(2010, 11, 16), year=True)
    'Tue 16 Nov 2010'
    >>> day(date(2, 1, 1), year=True)
    'Tue 01 Jan 0002'
    """
    language = current()
    if not language.english:
        said = cldr_day(language.code, moment, year)
        if said is not None:
            return said
    text = f"{_WEEKDAYS[moment.weekday()]} {moment.day:02d} {_MONTHS[moment.month - 1]}"
    return f"{text} {moment.year:04d}" if year else text


def day_shift(days: int) -> str:
    """The day-shift marker after an end time: +1 (overnight), -1 (over the date line)."""
    return f"{days:+d}" if days else ""


def length(span: timedelta) -> str:
    """A length of time as the file writes durations: 1d2h30m, 45s."""
    total = int(abs(span).total_seconds())
    minutes = total // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    text = (
        (f"{days}d" if days else "") + (f"{hours}h" if hours else "") + (f"{mins}m" if mins else "")
    )
    return text or f"{total}s"


def iso_length(span: timedelta) -> str:
    """Elapsed time in ISO 8601 for JSON: PT1H30M, PT26H (hours, never nominal days),
    -PT2H for an entry that ends before it starts."""
    total = int(span.total_seconds())
    sign = "-" if total < 0 else ""
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    text = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    text += f"{seconds}S" if seconds or not text else ""
    return f"{sign}PT{text}"


def shift(before: timedelta, after: timedelta) -> str:
    """How far a clock moves: +2h, -17h, +30m."""
    delta = after - before
    return ("-" if delta < timedelta(0) else "+") + length(delta)


def place(entry: AnyEntry) -> str:
    """Where an entry is: its venue and place (Los Angeles City Hall, Los Angeles), a
    lodging's address and place, or a leg's origin and destination (Seoul → Los Angeles)."""
    where = (
        route(entry.start_place, entry.end_place)
        if entry.type == "travel"
        else (entry.start_place.name)
    )
    site = getattr(entry, "address", None) or entry.venue
    return f"{site}, {where}" if site else where


def route(origin: Place, destination: Place) -> str:
    return f"{origin.name} → {destination.name}"


def title(entry: AnyEntry, part: str | None = None) -> str:
    """An entry's title, with a leg's mode: KE017 Seoul to Los Angeles (flight); a
    lodging's check-in or check-out row: check-in: The Westin Bonaventure."""
    if part == "check-in":
        return _("check-in: {title}").format(title=entry.title)
    if part == "check-out":
        return _("check-out: {title}").format(title=entry.title)
    mode = getattr(entry, "mode", None)
    return f"{entry.title} ({mode_word(mode)})" if mode else entry.title


def mode_word(mode: str) -> str:
    """A leg's mode as the language says it: the common ones translated (flight, train,
    ...), any other as the file writes it (the file's `mode` is free text)."""
    known = _MODES.get(mode.casefold())
    return _(known) if known is not None else mode


_MODES = {
    "flight": N_("flight"),
    "train": N_("train"),
    "rail": N_("rail"),
    "car": N_("car"),
    "bus": N_("bus"),
    "coach": N_("coach"),
    "ferry": N_("ferry"),
    "boat": N_("boat"),
    "taxi": N_("taxi"),
    "drive": N_("drive"),
    "walk": N_("walk"),
    "helicopter": N_("helicopter"),
}


def change_reason(cause: str, place_name: str, before: timedelta, after: timedelta) -> str:
    """Why and by how much a traveller's clock changed: clock -17h on landing in Los
    Angeles; clocks go back 1h in Auckland."""
    if cause == "travel":
        return _("clock {shift} on landing in {place}").format(
            shift=shift(before, after), place=place_name
        )
    if after > before:
        return _("clocks go forward {length} in {place}").format(
            length=length(after - before), place=place_name
        )
    return _("clocks go back {length} in {place}").format(
        length=length(after - before), place=place_name
    )


def clock_change(before: datetime, after: datetime) -> str:
    """The wall clock's jump at one instant, from the old clock to the new one:
    03:00 NZDT UTC+13:00 → 02:00 NZST UTC+12:00."""
    return f"{clock(before)} → {clock(after)}"


def day_time(moment: datetime, *, year: bool = False) -> str:
    """What a clock reads, date and time, without the zone: Wed 17 Nov 02:10 (the home
    clock beside an entry, whose own date carries the year where one is needed)."""
    return f"{day(moment, year=year)} {wall(moment)}"


def day_clock(moment: datetime, *, year: bool = False) -> str:
    """A date and time with the clock that reads it, where the date is not said beside it:
    Sat 31 Dec 2011 10:00 UTC+14:00 (Apia, the day Samoa crossed the date line).

    >>> from zoneinfo import ZoneInfo
    >>> day_clock(datetime(2011, 12, 31, 10, tzinfo=ZoneInfo("Pacific/Apia")), year=True)
    'Sat 31 Dec 2011 10:00 UTC+14:00'
    """
    return f"{day(moment, year=year)} {clock(moment)}"


def home_clock(home_name: str) -> str:
    """What the home clock is called where it stands beside local times: Seoul clock."""
    return _("{home} clock").format(home=home_name)


def home_reading(home_name: str, moment: datetime) -> str:
    """The home clock's reading at an instant, said as a reading and not as an
    appointment: Seoul clock then: Wed 17 Nov 08:00."""
    return _("{home} clock then: {time}").format(home=home_name, time=day_time(moment))


def times(start: datetime, end: datetime, days: int, *, leg: bool) -> list[str]:
    """An entry's local times, a line each: 15:00–16:00 PST UTC-08:00 for an event on
    one clock; a leg's departure and arrival (`→ 09:10 PST UTC-08:00`, `+1` where it
    lands on a later date); an event whose clock changes within it, its start and end."""
    shift = day_shift(days)
    ends = wall(end) + (f" {shift}" if shift else "")
    if leg:
        return [clock(start), f"→ {ends} {zone(end)}"]
    if start.utcoffset() == end.utcoffset() and start.tzname() == end.tzname():
        return [f"{wall(start)}–{ends} {zone(start)}"]
    return [clock(start), f"– {ends} {zone(end)}"]


def all_day(first: date, last: date, *, year: bool = True) -> list[str]:
    """An all-day event's dates, a line each: all day; all day, to Sat 20 Nov 2010."""
    if first == last:
        return [_("all day")]
    return [_("all day"), _("to {date}").format(date=day(last, year=year))]


def hour_mark(moment: datetime) -> str:
    """An hour on a time axis: 06, 18."""
    return f"{moment.hour:02d}"


def finding(severity: str, code: str, message: str) -> str:
    """A finding in a sentence: error overlap: "A" and "B" share 30 min."""
    return f"{severity_word(severity)} {code}: {message}"


def severity_word(severity: str) -> str:
    """A finding's severity as a table says it: error, warning (the code stays as
    `check --json` and the docs name it)."""
    return _(_SEVERITIES.get(severity, severity))


_SEVERITIES = {"error": N_("error"), "warning": N_("warning")}


def subjects(entry_ids: Sequence[str], place_ids: Sequence[str] = ()) -> list[str]:
    """What a finding is about, as the file names it: its entries' ids, then each place
    by its table's header (a place's finding, `fixed-zone`, names no entry).

    >>> subjects(["la-mou", "port"]), subjects([], ["nyc"])
    (['la-mou', 'port'], ['[places.nyc]'])
    """
    return [*entry_ids, *(f"[places.{place}]" for place in place_ids)]


def who(names: Sequence[str]) -> str:
    """Travellers by name (mayor, delegation), or everyone for a trip that names none.

    >>> who(["mayor", "delegation"]), who([""])
    ('mayor, delegation', 'everyone')
    """
    return ", ".join(n for n in names if n) or _("everyone")


def human_length(span: timedelta) -> str:
    """A length of time as staff say it, to the minute (rounded down): 3 h 20 min, 2 d 4 h,
    45 min, under 1 min. (pendulum's `in_words` says "3 hours 20 minutes": too long for a
    table cell.)"""
    minutes = int(abs(span).total_seconds()) // 60
    if not minutes:
        return _("under 1 min")
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [
        _("{n} d").format(n=days) if days else "",
        _("{n} h").format(n=hours) if hours else "",
        _("{n} min").format(n=mins) if mins else "",
    ]
    return " ".join(part for part in parts if part)


def relative(span: timedelta) -> str:
    """How far away a moment is: in 3 h 20 min, 45 min ago, now."""
    if abs(span) < timedelta(minutes=1):
        return _("now")
    if span > timedelta(0):
        return _("in {length}").format(length=human_length(span))
    return _("{length} ago").format(length=human_length(span))


def hours(start: int, end: int) -> str:
    """Working hours given as minutes after local midnight: 09:00–18:00 (end 24:00 allowed)."""
    return f"{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"


def iso_days(days: int) -> str:
    """A shift of whole calendar days in ISO 8601 (an all-day event moved): P2D, -P1D, P0D."""
    return f"{'-' if days < 0 else ''}P{abs(days)}D"


def under_way(title: str, ends: str, span: timedelta) -> list[str]:
    """What a traveller is doing, in parts a table puts on lines of their own:
    Meeting with the Mayor / until 16:00 PST UTC-08:00 / ends in 45 min."""
    return [
        title,
        _("until {time}").format(time=ends),
        _("ends {when}").format(when=relative(span)),
    ]


def on_leg(title: str, mode: str | None, arrives: str, span: timedelta) -> list[str]:
    """The leg a traveller is on: in the air on KE017 / lands 09:10 PST UTC-08:00 /
    in 3 h 20 min (a flight; any other mode is travelling on ..., arrives ...)."""
    if (mode or "").casefold() == "flight":
        return [
            _("in the air on {title}").format(title=title),
            _("lands {time}").format(time=arrives),
            relative(span),
        ]
    return [
        _("travelling on {title}").format(title=title),
        _("arrives {time}").format(time=arrives),
        relative(span),
    ]


def upcoming(title: str, starts: str, span: timedelta) -> list[str]:
    """A traveller's next entry: Meeting with the Mayor / 15:00 PST UTC-08:00 / in 3 h."""
    return [title, starts, relative(span)]


def idle(state: str) -> str:
    """What a traveller is doing between entries, before the first and after the last."""
    return _(_IDLE.get(state, _FREE))


_IDLE = {
    "before": N_("not started yet"),
    "after": N_("trip over"),
    "nowhere": N_("no timed entries"),
}
_FREE = N_("free")


def no_window(hours_meet: bool, least: timedelta) -> str:
    """Why a day has no call window."""
    if hours_meet:
        return _("busy: no {length} free").format(length=human_length(least))
    return _("hours do not meet")
