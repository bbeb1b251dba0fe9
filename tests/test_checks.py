"""The checks of the format, one code at a time, on absolute time and per traveller."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import CONFLICTS, SAMPLE, TRIPS, tripplan
from tripplan.checks import (
    AIRPORT_ZONE,
    FIXED_ZONE,
    MOST_OVERLAPS,
    NO_LODGING,
    SEVERITY,
    check_trip,
)
from tripplan.load import load_trip, loads_trip

HEAD = """\
[trip]
title = "T"
travellers = ["mayor", "aide"]
buffer = "1h"

[places.seoul]
tz = "Asia/Seoul"
[places.la]
tz = "America/Los_Angeles"
[places.chicago]
tz = "America/Chicago"
"""


def event(ident: str, place: str, start: str, duration: str = "1h", who: str = "") -> str:
    who_line = f"who = [{who}]\n" if who else ""
    return (
        f'\n[[events]]\nid = "{ident}"\ntitle = "{ident}"\nplace = "{place}"\n'
        f'start = {start}\nduration = "{duration}"\n{who_line}'
    )


def leg(ident: str, origin: str, to: str, depart: str, arrive: str, who: str = "") -> str:
    who_line = f"who = [{who}]\n" if who else ""
    return (
        f'\n[[travel]]\nid = "{ident}"\ntitle = "{ident}"\nfrom = "{origin}"\nto = "{to}"\n'
        f"depart = {depart}\narrive = {arrive}\n{who_line}"
    )


def findings(text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(f.code, f.entry_ids, f.who) for f in check_trip(loads_trip(text.encode()))]


def test_the_sample_trip_is_clean() -> None:
    result = tripplan("check", SAMPLE)
    assert (result.code, result.err) == (0, "")
    assert result.out == "Seoul Mayor: Americas green diplomacy: no findings.\n"
    assert tripplan("check", "--json", SAMPLE).json() == {"findings": []}


def test_conflicts_example_shows_every_finding_code() -> None:
    result = tripplan("check", "--json", CONFLICTS)
    assert result.code == 1
    got = [(f["code"], f["severity"], f["entries"], f["who"]) for f in result.json()["findings"]]
    assert got == [
        ("dst-gap", "warning", ["gap-breakfast"], []),
        ("offset-mismatch", "warning", ["pacific-call"], []),
        ("wrong-place", "error", ["la-lunch"], ["aide"]),
        ("tight-gap", "warning", ["ke037", "airport-meeting"], ["mayor"]),
        ("overlap", "error", ["green-tour", "press"], ["mayor"]),
        ("negative-duration", "error", ["typo-dinner"], []),
        ("dst-fold", "warning", ["fold-call"], []),
        ("broken-chain", "error", ["ua-home"], ["mayor"]),
        ("outside-trip", "warning", ["ua-home"], []),
        ("outside-trip", "warning", ["debrief"], []),
    ]
    # every code of an entry; a place's (fixed-zone) is tests/test_fixed_zone.py's, and
    # those of lodging and airports (read only in a trip with them) tests/test_lodging.py's
    assert {code for code, *_ in got} == set(SEVERITY) - {FIXED_ZONE, AIRPORT_ZONE, NO_LODGING}


def test_check_messages_say_what_and_how_much() -> None:
    messages = {
        (f["code"], f["entries"][0]): f["message"]
        for f in tripplan("check", "--json", CONFLICTS).json()["findings"]
    }
    assert messages["dst-gap", "gap-breakfast"] == (
        "`start` 2010-03-14T02:30:00 does not exist in America/Chicago (clocks jumped forward):"
        " read as 03:30 CDT UTC-05:00"
    )
    assert messages["dst-fold", "fold-call"] == (
        "`start` 2010-11-07T01:30:00 happens twice in America/Chicago (clocks went back):"
        " read as the first, 01:30 CDT UTC-05:00"
    )
    assert messages["offset-mismatch", "pacific-call"] == (
        "`start` 2010-03-15T09:00:00-08:00 is not Chicago's offset then;"
        " kept as that instant, 12:00 CDT UTC-05:00"
    )
    assert (
        messages["overlap", "green-tour"] == '"Green roof tour" and "Press conference" share 30 min'
    )
    assert messages["tight-gap", "ke037"] == (
        '40 min between "KE037 Seoul to Chicago" and "Welcome at O\'Hare",'
        " less than the buffer of 1 h 30 min"
    )
    assert (
        messages["negative-duration", "typo-dinner"]
        == "ends 2 h before it starts, in absolute time"
    )


def test_overlap_is_found_under_a_long_entry_not_just_next_door() -> None:
    text = HEAD + event("all-morning", "la", "2010-11-16T08:00:00", "4h", '"mayor"')
    text += event("a", "la", "2010-11-16T09:00:00", "30m", '"mayor"')
    text += event("b", "la", "2010-11-16T11:00:00", "30m", '"mayor"')
    text += event("after", "la", "2010-11-16T12:00:00", "30m", '"mayor"')
    assert findings(text) == [
        ("overlap", ("all-morning", "a"), ("mayor",)),
        ("overlap", ("all-morning", "b"), ("mayor",)),
    ]


def test_touching_entries_do_not_overlap() -> None:
    text = (
        HEAD
        + event("a", "la", "2010-11-16T09:00:00", "1h")
        + event("b", "la", "2010-11-16T10:00:00")
    )
    assert findings(text) == []


def test_overlap_is_judged_in_absolute_time_across_zones() -> None:
    # 09:00 PST is 11:00 CST: a Chicago call at 11:30 CST overlaps a 09:00-10:00 PST meeting.
    text = HEAD.replace('["mayor", "aide"]', '["mayor"]')
    text += event("la-meeting", "la", "2010-11-16T09:00:00")
    text += event("chicago-call", "chicago", "2010-11-16T11:30:00-06:00", "15m")
    codes = [code for code, *_ in findings(text)]
    assert "overlap" in codes


def test_one_finding_per_shared_conflict_naming_every_traveller() -> None:
    text = HEAD + event("a", "la", "2010-11-16T09:00:00") + event("b", "la", "2010-11-16T09:30:00")
    assert findings(text) == [("overlap", ("a", "b"), ("mayor", "aide"))]


def test_other_travellers_entries_never_conflict() -> None:
    text = HEAD + event("a", "la", "2010-11-16T09:00:00", who='"mayor"')
    text += event("b", "la", "2010-11-16T09:30:00", who='"aide"')
    assert findings(text) == []


def test_where_a_traveller_is() -> None:
    # before the first leg: at its `from` (Seoul), so an LA event before it is wrong-place
    text = HEAD.replace('["mayor", "aide"]', '["mayor"]')
    text += event("la-early", "la", "2010-11-15T09:00:00")
    text += leg("ke017", "seoul", "la", "2010-11-16T14:50:00", "2010-11-16T09:10:00")
    text += event("la-mou", "la", "2010-11-16T15:00:00")
    text += leg("wrong-leg", "chicago", "seoul", "2010-11-18T12:00:00", "2010-11-19T17:00:00")
    text += event("home", "seoul", "2010-11-20T10:00:00")
    assert findings(text) == [
        ("wrong-place", ("la-early",), ("mayor",)),
        ("broken-chain", ("wrong-leg",), ("mayor",)),
    ]


def test_a_traveller_with_no_legs_is_at_their_first_event() -> None:
    text = HEAD.replace('["mayor", "aide"]', '["mayor"]')
    text += event("first", "seoul", "2010-11-16T09:00:00")
    text += event("elsewhere", "la", "2010-11-16T12:00:00")
    assert findings(text) == [("wrong-place", ("elsewhere",), ("mayor",))]


def test_tight_gap_before_and_after_a_leg_but_not_between_events() -> None:
    text = HEAD.replace('["mayor", "aide"]', '["mayor"]')
    text += event("packing", "seoul", "2010-11-16T13:00:00", "1h")  # ends 14:00, leg at 14:50
    text += leg("ke017", "seoul", "la", "2010-11-16T14:50:00", "2010-11-16T09:10:00")
    text += event("welcome", "la", "2010-11-16T10:00:00", "1h")  # 50m after landing
    text += event("lunch", "la", "2010-11-16T11:10:00", "1h")  # 10m after an event: no finding
    assert findings(text) == [
        ("tight-gap", ("packing", "ke017"), ("mayor",)),
        ("tight-gap", ("ke017", "welcome"), ("mayor",)),
    ]


def test_no_buffer_no_tight_gap() -> None:
    text = HEAD.replace('buffer = "1h"\n', "")
    text += leg("ke017", "seoul", "la", "2010-11-16T14:50:00", "2010-11-16T09:10:00")
    text += event("welcome", "la", "2010-11-16T09:20:00")
    assert findings(text) == []


def test_all_day_events_take_no_part_in_traveller_checks() -> None:
    text = (
        HEAD
        + '\n[[events]]\nid = "congress"\ntitle = "Congress"\nplace = "chicago"\nstart = 2010-11-16\nend = 2010-11-20\n'
    )
    text += event("la-mou", "la", "2010-11-16T10:00:00")
    assert findings(text) == []


def test_negative_duration_of_a_leg_in_absolute_time() -> None:
    # lands "earlier" by the clock only: 14:50 KST -> 09:10 PST is fine; 23:00 PST the day
    # before is 16 hours before departure in absolute time.
    text = HEAD + leg("back-in-time", "seoul", "la", "2010-11-16T14:50:00", "2010-11-15T13:00:00")
    assert ("negative-duration", ("back-in-time",), ()) in findings(text)


def test_outside_trip_reads_local_dates() -> None:
    text = HEAD.replace('buffer = "1h"', 'buffer = "1h"\nstart = 2010-11-16\nend = 2010-11-23')
    # 23:30 on the 23rd in LA is the 24th in Seoul and in UTC, but the entry's own date is the 23rd
    text += event("late", "la", "2010-11-23T23:00:00", "30m")
    text += event("early", "seoul", "2010-11-15T23:00:00", "30m")
    assert [(c, e) for c, e, _ in findings(text) if c == "outside-trip"] == [
        ("outside-trip", ("early",))
    ]


@pytest.mark.parametrize("name", ["dst_gap_chicago_2010.toml", "dst_fold_chicago_2010.toml"])
def test_dst_fixtures_report_their_warning(name: str) -> None:
    codes = [f.code for f in check_trip(load_trip(str(TRIPS / name)))]
    assert codes == (["dst-gap"] if "gap" in name else ["dst-fold"])


def test_samoa_skipped_day_is_a_gap() -> None:
    found = check_trip(load_trip(str(TRIPS / "samoa_skips_2011-12-30.toml")))
    assert [(f.code, f.message) for f in found] == [
        (
            "dst-gap",
            "`start` 2011-12-30T10:00:00 does not exist in Pacific/Apia (clocks jumped forward):"
            " read as Sat 31 Dec 2011 10:00 UTC+14:00",  # the date too: not the one written
        )
    ]


def test_an_offset_that_moves_the_date_names_the_date_it_lands_on() -> None:
    text = HEAD + event("call", "seoul", "2010-11-16T23:00:00-08:00")
    [(code, message)] = [(f.code, f.message) for f in check_trip(loads_trip(text.encode()))]
    assert code == "offset-mismatch"
    assert message.endswith("kept as that instant, Wed 17 Nov 2010 16:00 KST UTC+09:00")


@given(
    st.lists(
        st.tuples(st.integers(0, 600), st.integers(1, 240)),  # (start minute, length)
        min_size=1,
        max_size=25,
    )
)
@settings(max_examples=150, deadline=None)
def test_sweep_finds_every_entry_a_pairwise_search_finds(spans: list[tuple[int, int]]) -> None:
    """The one-pass sweep flags exactly the entries that overlap some other entry."""
    text = HEAD.replace('["mayor", "aide"]', '["mayor"]')
    for i, (start, length) in enumerate(spans):
        hours, minutes = divmod(start, 60)
        text += event(f"e{i}", "la", f"2010-11-16T{hours:02d}:{minutes:02d}:00", f"{length}m")
    flagged = {i for code, ids, _ in findings(text) if code == "overlap" for i in ids}
    pairwise = {
        f"e{i}"
        for i, (a, la) in enumerate(spans)
        for j, (b, lb) in enumerate(spans)
        if i != j and a < b + lb and b < a + la
    }
    assert flagged == pairwise


@given(
    st.lists(
        st.tuples(st.integers(0, 600), st.integers(1, 240)),  # (start minute, length)
        min_size=2,
        max_size=MOST_OVERLAPS + 1,  # no entry can share time with more than the most
    )
)
@settings(max_examples=150, deadline=None)
def test_every_pair_that_shares_time_is_an_overlap(spans: list[tuple[int, int]]) -> None:
    """Each pair of entries that share time is a finding of its own, two meetings inside
    a longer one included."""
    text = HEAD.replace('["mayor", "aide"]', '["mayor"]')
    for i, (start, length) in enumerate(spans):
        hours, minutes = divmod(start, 60)
        text += event(f"e{i}", "la", f"2010-11-16T{hours:02d}:{minutes:02d}:00", f"{length}m")
    pairs = {frozenset(ids) for code, ids, _ in findings(text) if code == "overlap"}
    pairwise = {
        frozenset({f"e{i}", f"e{j}"})
        for i, (a, la) in enumerate(spans)
        for j, (b, lb) in enumerate(spans)
        if i < j and a < b + lb and b < a + la
    }
    assert pairs == pairwise


def test_an_entry_is_reported_with_at_most_the_most_overlaps() -> None:
    """Thousands of entries at one time stay a bounded number of findings."""
    text = HEAD.replace('["mayor", "aide"]', '["mayor"]')
    for i in range(40):
        text += event(f"e{i}", "la", "2010-11-16T10:00:00", f"{60 + i}m")
    overlaps = [ids for code, ids, _ in findings(text) if code == "overlap"]
    later = {}
    for first, second in overlaps:
        later.setdefault(second, []).append(first)
    assert all(len(earlier) <= MOST_OVERLAPS for earlier in later.values())
    assert len(later) == 39  # every entry after the first is still reported
