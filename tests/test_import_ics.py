"""import ics on real invitations: khal's and icalendar's odd fixtures, and invitations in
the shapes Outlook, Google and Apple send. Every instant below was worked out by hand
from the invitation's own text (zone rules noted beside it), not by the importer."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from helpers import SAMPLE, assert_one_clean_line, tripplan
from tripplan.load import load_trip

ICS = Path(__file__).resolve().parent / "ics"
KHAL, ICAL, PRODUCERS = ICS / "khal", ICS / "icalendar", ICS / "producers"

PLACES = {
    "berlin": "Europe/Berlin",
    "london": "Europe/London",
    "newyork": "America/New_York",
    "auckland": "Pacific/Auckland",
    "vienna": "Europe/Vienna",
    "buenosaires": "America/Argentina/Buenos_Aires",
    "saopaulo": "America/Sao_Paulo",
}


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@pytest.fixture
def world(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A trip with a place in each zone the fixtures use, and the given dates."""

    def make(start: str = "2010-01-01", end: str = "2020-12-31") -> Path:
        text = f'[trip]\ntitle = "World"\nstart = {start}\nend = {end}\n'
        for ident, tz in PLACES.items():
            text += f'\n[places.{ident}]\ntz = "{tz}"\n'
        path = tmp_path / "world.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return make


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    copy = tmp_path / "trip.toml"
    shutil.copyfile(SAMPLE, copy)
    return copy


def entries(path: Path) -> dict[str, tuple[str, object, object]]:
    """Each entry's place and instants (dates for all-day events), by id."""
    return {e.id: (e.start_place.id, e.start, e.end) for e in load_trip(str(path)).entries}


def imported(
    path: Path, invite: Path, *options: str, code: int | None = 0
) -> dict[str, tuple[str, object, object]]:
    """The entries the import added; `code`: its exit status (None: 0, or 1 for findings
    such as the world trip's one traveller in two places)."""
    before = set(entries(path))
    force = () if code == 0 else ("--force",)  # findings expected: written all the same
    result = tripplan("import", "ics", path, invite, *options, *force)
    assert result.code in ((0, 1) if code is None else (code,)), result.err
    return {k: v for k, v in entries(path).items() if k not in before}


# (fixture, options, {id: (place, start, end)})
CASES = [
    # Europe/Berlin in April 2014 is CEST, UTC+2.
    (KHAL / "event_dt_simple.ics", (), {"V042MJ8B3SJNFXQOJL6P53OFMHJE8Z3VZWOU": ("berlin", utc(2014, 4, 9, 7, 30), utc(2014, 4, 9, 8, 30))}),
    (KHAL / "event_dt_simple_inkl_vtimezone.ics", (), {"V042MJ8B3SJNFXQOJL6P53OFMHJE8Z3VZWOU": ("berlin", utc(2014, 4, 9, 7, 30), utc(2014, 4, 9, 8, 30))}),
    # DURATION:PT1H0M0S after 09:30 CEST.
    (KHAL / "event_dt_duration.ics", (), {"V042MJ8B3SJNFXQOJL6P53OFMHJE8Z3VZWOU": ("berlin", utc(2014, 4, 9, 7, 30), utc(2014, 4, 9, 8, 30))}),
    # Europe/London in April 2014 is BST, UTC+1: 14:00-19:00.
    (KHAL / "event_dt_london.ics", (), {"V042MJ8B3SJNFXQOJL6P53OFMHJE8Z3VZWOU": ("london", utc(2014, 4, 9, 13), utc(2014, 4, 9, 18))}),
    # UTC times: 09:30Z-10:30Z, placed by --place.
    (KHAL / "event_dt_simple_zulu.ics", ("--place", "london"), {"V042MJ8B3SJNFXQOJL6P53OFMHJE8Z3VZWOU": ("london", utc(2014, 4, 9, 9, 30), utc(2014, 4, 9, 10, 30))}),
    # Floating (a bare VEVENT, no VCALENDAR): 09:30 at the place, Berlin CEST.
    (KHAL / "event_dt_floating.ics", ("--place", "berlin"), {"floating1234567890": ("berlin", utc(2014, 4, 9, 7, 30), utc(2014, 4, 9, 8, 30))}),
    # Starts 09:30 Berlin (CEST), ends 10:30 New York (EDT, UTC-4): 07:30Z-14:30Z.
    (KHAL / "event_dt_two_tz.ics", (), {"V042MJ8B3SJNFXQOJL6P53OFMHJE8Z3VZWOU": ("berlin", utc(2014, 4, 9, 7, 30), utc(2014, 4, 9, 14, 30))}),
    # All day, DTEND exclusive 2014-04-12: the 9th to the 11th inclusive.
    (KHAL / "event_d_long.ics", ("--place", "berlin"), {"V042MJ8B3SJNFXQOJL6P53OFMHJE8Z3VZWOU": ("berlin", date(2014, 4, 9), date(2014, 4, 11))}),
    # The Windows name "New Zealand Standard Time" (CLDR: Pacific/Auckland), but the
    # VTIMEZONE that defines it (RFC 5545 3.2.19) says UTC+1 from 27 October 2019 (its
    # STANDARD part is CET's): 13:00 is 12:00Z. The disagreement is said (below).
    (KHAL / "tz_windows_format.ics", (), {"PERSOYPOYGVR55JMICVAFVDWWBIKPC9PTAG6SN4B2YT": ("auckland", utc(2019, 11, 20, 12, 0), utc(2019, 11, 20, 13, 30))}),
    # Globally unique TZIDs (libical, Lightning): 14:00 in Berlin (CEST), New York (EDT)
    # and Buenos Aires (UTC-3, no DST) on 2020-04-26.
    (ICAL / "issue_313_globally_unique_tzid.ics", (), {
        "libical-evolution@issue-313": ("berlin", utc(2020, 4, 26, 12), utc(2020, 4, 26, 13)),
        "mozilla-lightning@issue-313": ("newyork", utc(2020, 4, 26, 18), utc(2020, 4, 26, 19)),
        "multipart-olson@issue-313": ("buenosaires", utc(2020, 4, 26, 17), utc(2020, 4, 26, 18)),
    }),
    # Vienna in February 2012 is CET, UTC+1: Monday 10:00 to Friday 18:00.
    (ICAL / "timezoned.ics", (), {"123456": ("vienna", utc(2012, 2, 13, 9), utc(2012, 2, 17, 17))}),
    # TZID "custom_America/New_York", known only by its VTIMEZONE (EDT, UTC-4, in August):
    # placed by the clock, New York's being the only one at UTC-4 then.
    (ICAL / "america_new_york.ics", (), {"noend123": ("newyork", utc(2014, 8, 29, 12), utc(2014, 8, 29, 14))}),
    # "(UTC-03:00) Brasília", its VTIMEZONE's standard time in May: 13:30-14:00 at UTC-3.
    (ICAL / "issue_237_fail_to_parse_timezone_with_non_ascii_tzid.ics", ("--place", "saopaulo"), {"no-title": ("saopaulo", utc(2017, 5, 11, 16, 30), utc(2017, 5, 11, 17))}),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda case: case[0].stem)
def test_invitations_become_the_instants_their_producer_meant(
    case: tuple[Path, tuple[str, ...], dict[str, tuple[str, object, object]]],
    world,  # type: ignore[no-untyped-def]
) -> None:
    invite, options, expected = case
    path = world()
    assert imported(path, invite, *options, code=None) == expected
    again = tripplan("import", "ics", path, invite, *options)  # never added twice
    assert again.code == 0, again.err
    assert "is up to date" in again.err
    assert len(load_trip(str(path)).entries) == len(expected)


def test_a_recurring_event_becomes_its_occurrences_within_the_trip(world) -> None:  # type: ignore[no-untyped-def]
    """Weekly on Mondays 07:00-12:00 Berlin (CEST, UTC+2) until 6 August 2014; the 7 July
    occurrence moved to 09:00-14:00, the 14 July one cancelled."""
    path = world("2014-06-29", "2014-08-10")
    got = imported(path, KHAL / "event_rrule_recuid_cancelled.ics")
    base = "event_rrule_recurrence_id"
    assert got == {
        f"{base}-20140630": ("berlin", utc(2014, 6, 30, 5), utc(2014, 6, 30, 10)),
        f"{base}-20140707": ("berlin", utc(2014, 7, 7, 7), utc(2014, 7, 7, 12)),
        f"{base}-20140721": ("berlin", utc(2014, 7, 21, 5), utc(2014, 7, 21, 10)),
        f"{base}-20140728": ("berlin", utc(2014, 7, 28, 5), utc(2014, 7, 28, 10)),
        f"{base}-20140804": ("berlin", utc(2014, 8, 4, 5), utc(2014, 8, 4, 10)),
    }
    text = path.read_text()
    assert f'uid = "{base}"\nx-recurrence-id = "2014-07-07T05:00:00Z"\n' in text
    assert tripplan("import", "ics", path, KHAL / "event_rrule_recuid_cancelled.ics").code == 0
    assert len(load_trip(str(path)).entries) == 5


def test_a_floating_recurring_event_within_the_trip_dates(world) -> None:  # type: ignore[no-untyped-def]
    """Daily at 09:30 floating, ten times from 9 April 2014; the trip has four of them."""
    path = world("2014-04-09", "2014-04-12")
    got = imported(path, KHAL / "event_dt_rr.ics", "--place", "berlin")
    assert sorted(got.values()) == [
        ("berlin", utc(2014, 4, day, 7, 30), utc(2014, 4, day, 8, 30)) for day in (9, 10, 11, 12)
    ]


def test_a_recurring_event_needs_the_trip_dates(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('[trip]\ntitle = "T"\n[places.berlin]\ntz = "Europe/Berlin"\n')
    result = tripplan("import", "ics", path, KHAL / "event_rrule_recuid_cancelled.ics")
    assert result.code == 2
    assert "the trip has no start and end dates" in assert_one_clean_line(result.err)


def test_an_invitation_again_with_changes_updates_the_entry(world) -> None:  # type: ignore[no-untyped-def]
    path = world()
    imported(path, KHAL / "event_dt_simple.ics")
    result = tripplan("import", "ics", path, KHAL / "event_dt_simple_updated.ics")
    assert result.code == 0, result.err
    trip = load_trip(str(path))
    (entry,) = trip.entries
    assert (entry.title, entry.venue, entry.notes) == (
        "A not so simple Event", "anywhere", "Everything has changed"
    )  # fmt: skip


def test_a_vtimezone_that_contradicts_its_name_is_followed_and_said(world) -> None:  # type: ignore[no-untyped-def]
    result = tripplan("import", "ics", world(), KHAL / "tz_windows_format.ics")
    assert (
        "tripplan: note: the invitation's VTIMEZONE 'New Zealand Standard Time' puts"
        " Wed 20 Nov 2019 13:00 at UTC+01:00, where Pacific/Auckland is at UTC+13:00: read by the"
        " VTIMEZONE, as RFC 5545 says\n"
    ) in result.err


def test_an_event_without_uid_is_still_found_again(world) -> None:  # type: ignore[no-untyped-def]
    path = world()
    got = imported(path, KHAL / "without_uid.ics", "--place", "berlin")
    assert got == {"an-event": ("berlin", date(2014, 4, 9), date(2014, 4, 9))}
    assert '\nuid = "no-uid-' in path.read_text()
    assert tripplan("import", "ics", path, KHAL / "without_uid.ics", "--place", "berlin").code == 0
    assert len(load_trip(str(path)).entries) == 1


@pytest.mark.parametrize(
    ("invite", "options", "message"),
    [
        (KHAL / "event_dt_no_end.ics", ("--place", "berlin"), "no DTEND or DURATION: an entry needs an end"),
        (KHAL / "event_dt_floating.ics", (), "floating times name no zone: give --place ID (places: berlin (Europe/Berlin), london"),
        (ICAL / "issue_237_fail_to_parse_timezone_with_non_ascii_tzid.ics", (), "its zone (UTC-03:00) Brasília fits several places (buenosaires, saopaulo): give --place ID"),
        (KHAL / "event_dt_simple.ics", ("--place", "paris"), "--place: unknown place 'paris'"),
    ],
    ids=["no-end", "floating-no-place", "two-places-one-clock", "unknown-place"],
)  # fmt: skip
def test_refused_invitations_write_nothing(
    invite: Path, options: tuple[str, ...], message: str, world
) -> None:  # type: ignore[no-untyped-def]
    path = world()
    old = path.read_bytes()
    result = tripplan("import", "ics", path, invite, *options)
    assert result.code == 2
    assert message in assert_one_clean_line(result.err)
    assert path.read_bytes() == old


# -- Outlook, Google and Apple, into the sample trip (November 2010) -----------------


def test_outlook_request_update_and_cancel(sample: Path) -> None:
    """Exchange's Windows zone "Central Standard Time (Mexico)" with its VTIMEZONE: in
    November 2010 Mexico City is on standard time, UTC-6. Outlook's UID (112 hex digits)
    is no id: the id comes from the title, the UID goes to uid."""
    original = sample.read_bytes()
    got = imported(sample, PRODUCERS / "outlook_mexico_request.ics")
    assert got == {
        "air-quality-working-meeting": ("mexico", utc(2010, 11, 19, 21), utc(2010, 11, 19, 22, 30))
    }
    text = sample.read_text()
    assert "start = 2010-11-19T15:00:00\nend = 2010-11-19T16:30:00\n" in text
    assert (
        'uid = "040000008200E00074C5B7101A82E00800000000B0E1C3F4A87FCB0100000000000000001000000077C34F2A1E8D4C4B9A0F2E5D6C7B8A91"'
        in text
    )
    # SEQUENCE:1, two hours later and renamed: the same entry moves.
    result = tripplan("import", "ics", sample, PRODUCERS / "outlook_mexico_update.ics")
    assert result.code == 0, result.err
    moved = entries(sample)["air-quality-working-meeting"]
    assert moved == ("mexico", utc(2010, 11, 19, 23), utc(2010, 11, 20, 0, 30))
    # METHOD:CANCEL: the entry goes, and the file is the sample again, byte for byte.
    result = tripplan("import", "ics", sample, PRODUCERS / "outlook_mexico_cancel.ics")
    assert result.code == 0, result.err
    assert "cancelled event 'air-quality-working-meeting'" in result.err
    assert sample.read_bytes() == original
    again = tripplan("import", "ics", sample, PRODUCERS / "outlook_mexico_cancel.ics")
    assert "which no entry of the trip has: nothing to cancel" in again.err
    assert sample.read_bytes() == original


def test_outlook_customized_time_zone_is_placed_by_its_clock(sample: Path) -> None:
    """ "Customized Time Zone", Pacific rules in its VTIMEZONE: 17:00 PST (UTC-8) on 16
    November 2010 is 01:00Z on the 17th; only Los Angeles keeps that clock."""
    got = imported(sample, PRODUCERS / "outlook_customized_tz.ics")
    assert got == {
        "port-of-los-angeles-clean-truck": ("la", utc(2010, 11, 17, 1), utc(2010, 11, 17, 2))
    }


def test_a_clock_two_places_share_is_refused_naming_them(sample: Path) -> None:
    """Central rules: on 21 November 2010 Chicago and Mexico City are both at UTC-6."""
    result = tripplan("import", "ics", sample, PRODUCERS / "outlook_customized_tz_central.ics")
    assert result.code == 2
    assert (
        "its zone Customized Time Zone fits several places (mexico, chicago):"
        " give --place ID" in result.err
    )
    got = imported(sample, PRODUCERS / "outlook_customized_tz_central.ics", "--place", "chicago")
    assert got == {
        "breakfast-with-the-chicago": (  # cut on a word, not "...-clima"
            "chicago",
            utc(2010, 11, 21, 14),
            utc(2010, 11, 21, 15),
        )
    }


def test_a_zone_no_place_has_is_refused_naming_zone_and_places(sample: Path) -> None:
    result = tripplan("import", "ics", sample, PRODUCERS / "outlook_w_europe_request.ics")
    assert result.code == 2
    line = assert_one_clean_line(result.err)
    assert (
        "its zone W. Europe Standard Time (Europe/Berlin) is the zone of no place of the trip"
        " (places: seoul (Asia/Seoul), la (America/Los_Angeles), mexico (America/Mexico_City),"
        " chicago (America/Chicago)): give --place ID, or add the place first"
    ) in line


def test_google_utc_invitation_goes_where_the_trip_is(sample: Path) -> None:
    """Google's invitations give UTC only: 20:00Z on 21 November 2010 is after AM680 landed
    in Chicago, so it is 14:00 CST there; the UID is a valid id and is kept."""
    result = tripplan("import", "ics", sample, PRODUCERS / "google_utc_request.ics", "--force")
    assert result.code == 1  # it overlaps the visit already planned then
    assert (
        "placed at Chicago, where the trip is then (a place given for its events chooses another)"
        in result.err
    )
    assert "new error: overlap: chicago-ccgt, 7kukuqrfedlm2f9t0vr42q2gc4@google.com" in result.err
    got = entries(sample)["7kukuqrfedlm2f9t0vr42q2gc4@google.com"]
    assert got == ("chicago", utc(2010, 11, 21, 20), utc(2010, 11, 21, 21))
    assert "start = 2010-11-21T14:00:00\nend = 2010-11-21T15:00:00\n" in sample.read_text()


def test_google_recurring_with_exdate(sample: Path) -> None:
    """Daily 07:30-08:00 Chicago (CST, UTC-6) from 20 November, EXDATE the 22nd; the trip
    ends on the 23rd. The lunch on the 22nd: 12:00 CST."""
    got = imported(sample, PRODUCERS / "google_tzid_request.ics", code=1)
    daily = "5h1bq1e0v3mq6f5m2l7k9p8r4s@google.com"
    assert got == {
        "3q0s9v2fhm1k8c7c5l0e6b4n2g@google.com": ("chicago", utc(2010, 11, 22, 18), utc(2010, 11, 22, 18, 30)),
        f"{daily}-20101120": ("chicago", utc(2010, 11, 20, 13, 30), utc(2010, 11, 20, 14)),
        f"{daily}-20101121": ("chicago", utc(2010, 11, 21, 13, 30), utc(2010, 11, 21, 14)),
        f"{daily}-20101123": ("chicago", utc(2010, 11, 23, 13, 30), utc(2010, 11, 23, 14)),
    }  # fmt: skip


def test_invitation_times_in_a_gap_or_a_fold_are_read_by_the_rule_and_said(sample: Path) -> None:
    """02:30 on 14 March 2010 does not exist in Chicago: RFC 5545 reads it with the offset
    before the gap (CST, UTC-6), 08:30Z. 01:30 on 7 November happens twice: the first,
    CDT (UTC-5), 06:30Z."""
    result = tripplan("import", "ics", sample, PRODUCERS / "google_dst_gap.ics", "--force")
    assert (
        "Sun 14 Mar 2010 02:30 America/Chicago does not exist (clocks jumped forward)" in result.err
    )
    assert "Sun 07 Nov 2010 01:30 America/Chicago happens twice (clocks went back)" in result.err
    got = entries(sample)
    assert got["0gapgapgap0r4s@google.com"] == (
        "chicago",
        utc(2010, 3, 14, 8, 30),
        utc(2010, 3, 14, 9),
    )
    assert got["0foldfoldfold0r4s@google.com"] == (
        "chicago",
        utc(2010, 11, 7, 6, 30),
        utc(2010, 11, 7, 8),
    )


def test_apple_invitation_with_an_all_day_event(sample: Path) -> None:
    """Apple: America/Los_Angeles with its VTIMEZONE, 17:30-19:00 PST (UTC-8), and an
    all-day event (dates name no zone: --place)."""
    result = tripplan("import", "ics", sample, PRODUCERS / "apple_request.ics")
    assert result.code == 2
    assert "all-day dates name no zone: give --place ID" in result.err
    got = imported(sample, PRODUCERS / "apple_request.ics", "--place", "chicago", code=1)
    # --place puts every event of the invitation there: the dinner too (a wrong place).
    assert got["B2A77E0F-6D55-4E0B-A0D2-5F3C8E1A9B40"] == (
        "chicago",
        date(2010, 11, 20),
        date(2010, 11, 20),
    )
    assert got["8E1F4C62-3C2B-4C38-9E48-0C5E8C7B2D11"] == (
        "chicago",
        utc(2010, 11, 17, 1, 30),
        utc(2010, 11, 17, 3),
    )


def test_import_keeps_the_rest_of_the_file(sample: Path) -> None:
    old = sample.read_text()
    imported(sample, PRODUCERS / "outlook_customized_tz.ics")
    new = sample.read_text()
    assert new.startswith(old.rstrip("\n").rsplit('\n[[travel]]\nid = "ke038"', 1)[0])
    assert (
        new.replace(
            new[new.index('[[events]]\nid = "port-of') : new.index('[[travel]]\nid = "ke038"')], ""
        )
        == old
    )


def test_not_an_invitation(sample: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.ics"
    junk.write_bytes(b"\x00\x01 not a calendar")
    result = tripplan("import", "ics", sample, junk)
    assert result.code == 2
    assert assert_one_clean_line(result.err).startswith(f"tripplan: {junk}: ")
    assert tripplan("import", "ics", sample, tmp_path / "missing.ics").code == 2


@pytest.mark.parametrize(
    ("name", "said"),
    [
        (
            "broken_dtend.ics",
            "cannot read the invitation: Cannot access 'dt' on broken property 'DTEND'",
        ),
        ("bogus_rrule.ics", "cannot read the invitation: "),
        ("year_1.ics", "UID u1: year 1 is out of the years a trip may hold (2-9997)"),
    ],
)
def test_a_malformed_invitation_is_one_line_and_nothing_written(
    tmp_path: Path, name: str, said: str
) -> None:
    trip = tmp_path / "trip.toml"
    trip.write_bytes(SAMPLE.read_bytes())
    invite = Path(__file__).parent / "ics" / "malformed" / name
    result = tripplan("import", "ics", trip, invite, "--place", "la")
    assert result.code == 2
    assert said in assert_one_clean_line(result.err)
    assert trip.read_bytes() == SAMPLE.read_bytes()
