"""import ics never undoes a newer change (cli.md 1.1, "Invitations that never undo a newer
change"): an invitation older than the entry (RFC 5546 2.1.5: a lower SEQUENCE, or the same
one with an earlier DTSTAMP) leaves the file as it was, byte for byte, and says so; a newer
one applies and records its revision. The travellers an invitation is for (`--who`, or its
ATTENDEEs' `[people]` emails), the place a re-import keeps, ids cut on words, and the UID
kept through to the export."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from helpers import tripplan
from tripplan.load import load_trip

TRIP = """\
[trip]
title = "Revisions"
start = 2010-11-16
end = 2010-11-23
travellers = ["mayor", "delegation", "aide"]

[people.mayor]
email = "Mayor@Example.Seoul.go.kr"

[people.aide]
name = "Kim"
email = "aide@example.seoul.go.kr"

[places.la]
name = "Los Angeles"
tz = "America/Los_Angeles"

[places.chicago]
name = "Chicago"
tz = "America/Chicago"
"""
UID = "port-visit-2010@example.org"  # a valid id: the entry's id too
MAYOR = "ATTENDEE;CN=Mayor's Office:mailto:mayor@example.seoul.go.kr"  # the case differs


def invite(
    tmp_path: Path,
    *,
    sequence: int | None = None,
    stamp: str | None = "20101101T090000Z",
    start: str = "DTSTART;TZID=America/Los_Angeles:20101117T100000",
    end: str = "DTEND;TZID=America/Los_Angeles:20101117T110000",
    summary: str = "Port of Los Angeles visit",
    uid: str = UID,
    method: str = "REQUEST",
    extra: tuple[str, ...] = (),
    name: str = "invite.ics",
) -> Path:
    """An invitation of one event, in the shape calendar clients send it."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//revisions//EN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        *([f"SEQUENCE:{sequence}"] if sequence is not None else []),
        *([f"DTSTAMP:{stamp}"] if stamp is not None else []),
        start,
        end,
        f"SUMMARY:{summary}",
        *extra,
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    path = tmp_path / name
    path.write_bytes("".join(line + "\r\n" for line in lines).encode())
    return path


@pytest.fixture
def trip(tmp_path: Path) -> Path:
    path = tmp_path / "trip.toml"
    path.write_text(TRIP, encoding="utf-8")
    return path


def imported(trip: Path, invitation: Path, *options: str) -> str:
    """Import, which must succeed; what it said on standard error."""
    result = tripplan("import", "ics", trip, invitation, *options)
    assert result.code == 0, result.err
    return result.err


def block(trip: Path, ident: str = UID) -> str:
    """The lines of one [[events]] table of the file, as written."""
    text = trip.read_text(encoding="utf-8")
    start = text.index(f'[[events]]\nid = "{ident}"\n')
    stop = text.find("\n[[", start + 1)
    return text[start : stop + 1 if stop >= 0 else len(text)]


def entry_of(trip: Path, ident: str = UID):  # type: ignore[no-untyped-def]
    return next(e for e in load_trip(str(trip)).entries if e.id == ident)


# -- the order of revisions: SEQUENCE, then DTSTAMP ----------------------------------


def test_the_first_import_records_the_uid_sequence_and_stamp(trip: Path, tmp_path: Path) -> None:
    imported(trip, invite(tmp_path, sequence=2, extra=("LOCATION:Berth 93",)))
    assert block(trip) == (
        "[[events]]\n"
        f'id = "{UID}"\n'
        'title = "Port of Los Angeles visit"\n'
        'place = "la"\n'
        "start = 2010-11-17T10:00:00\n"
        "end = 2010-11-17T11:00:00\n"
        'venue = "Berth 93"\n'
        f'uid = "{UID}"\n'
        "sequence = 2\n"
        "stamp = 2010-11-01T09:00:00Z\n"
    )
    entry = entry_of(trip)
    assert (entry.uid, entry.sequence, entry.stamp) == (
        UID,
        2,
        datetime(2010, 11, 1, 9, tzinfo=UTC),
    )


@pytest.mark.parametrize("sequence", [None, 0], ids=["no-SEQUENCE", "SEQUENCE-0"])
def test_a_sequence_of_0_is_the_default_and_no_key(
    trip: Path, tmp_path: Path, sequence: int | None
) -> None:
    imported(trip, invite(tmp_path, sequence=sequence))
    assert "sequence" not in block(trip)
    assert "stamp = 2010-11-01T09:00:00Z\n" in block(trip)


def test_a_lower_sequence_changes_nothing_byte_for_byte(trip: Path, tmp_path: Path) -> None:
    imported(trip, invite(tmp_path, sequence=2))
    before = trip.read_bytes()
    older = invite(
        tmp_path,
        sequence=1,
        stamp="20101105T090000Z",  # stamped later, but SEQUENCE decides first
        start="DTSTART;TZID=America/Los_Angeles:20101117T150000",
        end="DTEND;TZID=America/Los_Angeles:20101117T160000",
        summary="Port visit (moved)",
    )
    result = tripplan("import", "ics", trip, older)
    assert result.code == 0
    assert result.err == (
        f"tripplan: {trip}: nothing to change\n"
        f"tripplan: note: event '{UID}': not applied: older than the entry's revision 2"
        " (the invitation's SEQUENCE is 1)\n"
    )
    assert trip.read_bytes() == before


def test_the_same_sequence_stamped_earlier_changes_nothing(trip: Path, tmp_path: Path) -> None:
    imported(trip, invite(tmp_path, sequence=1, stamp="20101102T171932Z"))
    before = trip.read_bytes()
    older = invite(tmp_path, sequence=1, stamp="20101101T090000Z", summary="Old title")
    result = tripplan("import", "ics", trip, older)
    assert result.code == 0
    assert result.err == (
        f"tripplan: {trip}: nothing to change\n"
        f"tripplan: note: event '{UID}': not applied: older than the entry's revision 1"
        " (the invitation's SEQUENCE is 1 too, stamped 2010-11-01T09:00:00Z, before the"
        " entry's 2010-11-02T17:19:32Z)\n"
    )
    assert trip.read_bytes() == before


def test_the_same_invitation_again_is_up_to_date(trip: Path, tmp_path: Path) -> None:
    invitation = invite(tmp_path, sequence=1)
    imported(trip, invitation)
    before = trip.read_bytes()
    assert imported(trip, invitation) == f"tripplan: {trip}: event '{UID}' is up to date\n"
    assert trip.read_bytes() == before


def test_the_same_sequence_stamped_later_applies_and_records_its_stamp(
    trip: Path, tmp_path: Path
) -> None:
    imported(trip, invite(tmp_path, sequence=1))
    err = imported(trip, invite(tmp_path, sequence=1, stamp="20101103T120000Z", summary="Port"))
    assert err == f"tripplan: {trip}: set title of event '{UID}' to Port\n"
    text = block(trip)
    assert 'title = "Port"\n' in text
    assert text.endswith(f'uid = "{UID}"\nsequence = 1\nstamp = 2010-11-03T12:00:00Z\n')


def test_a_resent_invitation_with_no_change_records_only_its_stamp(
    trip: Path, tmp_path: Path
) -> None:
    imported(trip, invite(tmp_path, sequence=1))
    before = trip.read_text(encoding="utf-8")
    err = imported(trip, invite(tmp_path, sequence=1, stamp="20101103T120000Z"))
    assert err == (
        f"tripplan: {trip}: event '{UID}' is up to date; recorded its revision"
        " (SEQUENCE 1, stamped 2010-11-03T12:00:00Z)\n"
    )
    assert trip.read_text(encoding="utf-8") == before.replace(
        "stamp = 2010-11-01T09:00:00Z", "stamp = 2010-11-03T12:00:00Z"
    )


def test_a_newer_sequence_applies_and_writes_its_own_sequence(trip: Path, tmp_path: Path) -> None:
    """Title and time both change (each edit alone would raise `sequence`): the entry ends
    with the invitation's SEQUENCE, written after its changes."""
    imported(trip, invite(tmp_path, sequence=1))
    newer = invite(
        tmp_path,
        sequence=4,
        stamp="20101104T080000Z",
        start="DTSTART;TZID=America/Los_Angeles:20101117T150000",
        end="DTEND;TZID=America/Los_Angeles:20101117T163000",
        summary="Port visit (moved)",
    )
    err = imported(trip, newer)
    assert err == (
        f"tripplan: {trip}: set title of event '{UID}' to Port visit (moved)\n"
        f"tripplan: {trip}: moved event '{UID}' to Wed 17 Nov 2010 15:00 PST UTC-08:00\n"
    )
    assert block(trip) == (
        "[[events]]\n"
        f'id = "{UID}"\n'
        'title = "Port visit (moved)"\n'
        'place = "la"\n'
        "start = 2010-11-17T15:00:00\n"
        "end = 2010-11-17T16:30:00\n"
        f'uid = "{UID}"\n'
        "sequence = 4\n"
        "stamp = 2010-11-04T08:00:00Z\n"
    )


def test_a_change_made_here_is_newer_than_the_invitation_it_came_from(
    trip: Path, tmp_path: Path
) -> None:
    """An edit by hand (or by command) raised `sequence`: the invitation that was imported
    is now older, and importing it again does not undo the change."""
    invitation = invite(tmp_path, sequence=1)
    imported(trip, invitation)
    text = trip.read_text(encoding="utf-8")
    text = text.replace("start = 2010-11-17T10:00:00", "start = 2010-11-17T09:00:00")
    trip.write_text(text.replace("sequence = 1\n", "sequence = 2\n"), encoding="utf-8")
    before = trip.read_bytes()
    err = tripplan("import", "ics", trip, invitation).err
    assert "not applied: older than the entry's revision 2" in err
    assert trip.read_bytes() == before


def test_an_older_cancel_keeps_the_entry_and_a_newer_one_cancels_it(
    trip: Path, tmp_path: Path
) -> None:
    imported(trip, invite(tmp_path, sequence=2))
    before = trip.read_bytes()
    for old in (
        invite(tmp_path, sequence=1, method="CANCEL", name="cancel.ics"),
        invite(tmp_path, sequence=2, stamp="20101031T000000Z", extra=("STATUS:CANCELLED",)),
    ):
        result = tripplan("import", "ics", trip, old)
        assert result.code == 0
        assert (
            f"tripplan: note: event '{UID}': the cancellation is not applied: older than the"
            " entry's revision 2 (the invitation's SEQUENCE is "
        ) in result.err
        assert trip.read_bytes() == before
    result = tripplan("import", "ics", trip, invite(tmp_path, sequence=3, method="CANCEL"))
    assert result.err == f"tripplan: {trip}: cancelled event '{UID}'\n"
    assert trip.read_text(encoding="utf-8") == TRIP


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (("SEQUENCE:-1",), "SEQUENCE '-1' is no revision number: RFC 5545 writes an integer from 0 to 2147483647"),
        (("SEQUENCE:two",), "SEQUENCE 'two' is no revision number"),
        (("SEQUENCE:1", "SEQUENCE:2"), "SEQUENCE is given 2 times; RFC 5545 allows it once"),
        (("DTSTAMP;VALUE=DATE:20101101",), "DTSTAMP is a date: RFC 5545 writes it as a UTC date-time"),
    ],
    ids=["negative", "not-a-number", "twice", "stamp-a-date"],
)  # fmt: skip
def test_a_revision_that_is_none_is_one_line_and_nothing_written(
    trip: Path, tmp_path: Path, lines: tuple[str, ...], said: str
) -> None:
    result = tripplan("import", "ics", trip, invite(tmp_path, stamp=None, extra=lines))
    assert result.code == 2
    assert result.err.startswith(f"tripplan: {tmp_path / 'invite.ics'}: UID {UID}: {said}")
    assert result.err.count("\n") == 1
    assert trip.read_text(encoding="utf-8") == TRIP


def test_a_stamp_without_its_z_is_read_as_utc(trip: Path, tmp_path: Path) -> None:
    imported(trip, invite(tmp_path, stamp="20101101T090000"))
    assert "stamp = 2010-11-01T09:00:00Z\n" in block(trip)


# -- whom it is for ------------------------------------------------------------------


def test_who_names_the_travellers_in_the_trips_order(trip: Path, tmp_path: Path) -> None:
    invitation = invite(tmp_path, extra=(MAYOR,))  # --who wins over the ATTENDEE
    imported(trip, invitation, "--who", "aide", "--who", "delegation", "--who", "aide")
    assert 'who = ["delegation", "aide"]\n' in block(trip)
    assert entry_of(trip).who == ("delegation", "aide")


def test_an_unknown_traveller_is_refused_as_every_command_refuses_one(
    trip: Path, tmp_path: Path
) -> None:
    result = tripplan("import", "ics", trip, invite(tmp_path), "--who", "bob")
    assert (result.code, result.err) == (
        2,
        "tripplan: --who: unknown traveller 'bob' (travellers: mayor, delegation, aide)\n",
    )
    assert trip.read_text(encoding="utf-8") == TRIP
    add = tripplan(
        "add", "event", trip, "--title", "X", "--place", "la", "--start", "2010-11-18 10:00",
        "--duration", "1h", "--who", "bob",
    )  # fmt: skip
    assert (
        add.code == 2 and "unknown traveller 'bob' (travellers: mayor, delegation, aide)" in add.err
    )


def test_attendees_whose_email_is_a_travellers_go_to_them(trip: Path, tmp_path: Path) -> None:
    """ATTENDEEs in another order, MAILTO in capitals, the mayor's address in other case
    than the file's; an attendee who is no traveller is not one."""
    attendees = (
        "ATTENDEE;CN=Kim:MAILTO:AIDE@example.seoul.go.kr",
        "ATTENDEE;CN=Port of LA:mailto:visits@portla.example.org",
        MAYOR,
    )
    imported(trip, invite(tmp_path, extra=attendees))
    assert 'who = ["mayor", "aide"]\n' in block(trip)


def test_attendees_who_are_no_traveller_leave_it_to_everyone(trip: Path, tmp_path: Path) -> None:
    imported(trip, invite(tmp_path, extra=("ATTENDEE:mailto:visits@portla.example.org",)))
    assert "who" not in block(trip)
    assert entry_of(trip).who == ("mayor", "delegation", "aide")


def test_a_reimport_keeps_the_travellers_unless_the_invitation_names_them(
    trip: Path, tmp_path: Path
) -> None:
    imported(trip, invite(tmp_path), "--who", "delegation")
    imported(trip, invite(tmp_path, sequence=1, summary="Port"))  # no ATTENDEE of ours
    assert 'who = ["delegation"]\n' in block(trip)
    imported(trip, invite(tmp_path, sequence=2, extra=(MAYOR,)))
    assert 'who = ["mayor"]\n' in block(trip)
    assert block(trip).endswith("stamp = 2010-11-01T09:00:00Z\nsequence = 2\n")  # a new key: last


# -- the place a re-import keeps -----------------------------------------------------


UTC_TIMES = ("DTSTART:20101117T180000Z", "DTEND:20101117T190000Z")
CHICAGO_TIMES = (  # the same instants
    "DTSTART;TZID=America/Chicago:20101117T120000",
    "DTEND;TZID=America/Chicago:20101117T130000",
)


def test_a_reimport_keeps_the_place_its_zone_cannot_name(trip: Path, tmp_path: Path) -> None:
    """UTC times name no zone: the first import needs --place; the update does not."""
    start, end = UTC_TIMES
    first = invite(tmp_path, start=start, end=end)
    assert tripplan("import", "ics", trip, first).code == 2
    imported(trip, first, "--place", "la")
    later = invite(
        tmp_path, sequence=1, start="DTSTART:20101117T200000Z", end="DTEND:20101117T210000Z"
    )
    err = imported(trip, later)
    assert err == f"tripplan: {trip}: moved event '{UID}' to Wed 17 Nov 2010 12:00 PST UTC-08:00\n"
    assert 'place = "la"\nstart = 2010-11-17T12:00:00\nend = 2010-11-17T13:00:00\n' in block(trip)


def test_a_reimport_keeps_the_place_and_says_when_the_zone_is_anothers(
    trip: Path, tmp_path: Path
) -> None:
    start, end = UTC_TIMES
    imported(trip, invite(tmp_path, start=start, end=end), "--place", "la")
    start, end = CHICAGO_TIMES
    err = imported(trip, invite(tmp_path, sequence=1, start=start, end=end))
    assert err.splitlines() == [
        f"tripplan: {trip}: event '{UID}' is up to date; recorded its revision"
        " (SEQUENCE 1, stamped 2010-11-01T09:00:00Z)",
        f"tripplan: note: event '{UID}' keeps its place Los Angeles, though the invitation's"
        " zone America/Chicago is Chicago's (a place given for its events chooses another)",
    ]
    assert 'place = "la"\nstart = 2010-11-17T10:00:00\n' in block(trip)
    imported(trip, invite(tmp_path, sequence=2, start=start, end=end), "--place", "chicago")
    assert 'place = "chicago"\nstart = 2010-11-17T12:00:00\n' in block(trip)


# -- ids, and the UID through to the export ------------------------------------------


OUTLOOK_UID = "040000008200E00074C5B7101A82E00800000000B0E1C3F4A87FCB01000000000000000010000000"


def test_an_id_made_from_the_summary_is_cut_on_a_word(trip: Path, tmp_path: Path) -> None:
    summary = "Breakfast with the Hessian Minister of Economics"
    imported(trip, invite(tmp_path, uid=OUTLOOK_UID + "AB", summary=summary))  # no valid id
    assert [e.id for e in load_trip(str(trip)).entries] == ["breakfast-with-the-hessian"]
    added = tripplan(
        "add", "event", trip, "--title", summary, "--place", "la",
        "--start", "2010-11-19 08:00", "--duration", "1h",
    )  # fmt: skip
    assert added.code == 0, added.err
    assert [e.id for e in load_trip(str(trip)).entries][-1] == "breakfast-with-the-hessian-2"


def test_a_recurring_events_ids_keep_their_date_whole(trip: Path, tmp_path: Path) -> None:
    weekly = invite(
        tmp_path,
        uid=OUTLOOK_UID + "CD",
        summary="Daily call with the Hessian Ministry of Economics",
        extra=("RRULE:FREQ=DAILY;COUNT=2",),
    )
    imported(trip, weekly)
    assert [e.id for e in load_trip(str(trip)).entries] == [
        "daily-call-with-the-20101117",
        "daily-call-with-the-20101118",
    ]


def test_the_uid_and_sequence_are_exported_as_the_invitations(trip: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    imported(trip, invite(tmp_path, uid=OUTLOOK_UID, sequence=3, summary="Port visit"))
    result = tripplan("export", "ics", trip)
    assert result.code == 0, result.err
    (event,) = Calendar.from_ical(result.out.encode()).walk("VEVENT")
    assert str(event["UID"]) == OUTLOOK_UID
    assert int(event["SEQUENCE"]) == 3
    assert event["DTSTART"].dt.astimezone(UTC) == datetime(2010, 11, 17, 18, tzinfo=UTC)


def test_an_entry_a_10_import_made_gains_its_uid(trip: Path, tmp_path: Path) -> None:
    """tripplan 1.0 wrote `x-uid`: the entry is still found by it, and a newer invitation
    writes `uid`, so the export's UID is the invitation's from then on."""
    imported(trip, invite(tmp_path, uid=OUTLOOK_UID))
    ident = load_trip(str(trip)).entries[0].id
    trip.write_text(trip.read_text(encoding="utf-8").replace('\nuid = "', '\nx-uid = "'))
    assert entry_of(trip, ident).uid is None
    imported(trip, invite(tmp_path, uid=OUTLOOK_UID, sequence=1))
    assert block(trip, ident).endswith(
        f'x-uid = "{OUTLOOK_UID}"\nstamp = 2010-11-01T09:00:00Z\nuid = "{OUTLOOK_UID}"\nsequence = 1\n'
    )
    assert len(load_trip(str(trip)).entries) == 1


# -- Outlook's invitations against a trip whose meeting was moved by hand -------------

PRODUCERS = Path(__file__).resolve().parent / "ics" / "producers"
INVITED = Path(__file__).resolve().parent / "ics" / "imported" / "seoul_americas_2010_invited.toml"


def test_outlooks_update_does_not_undo_a_move_made_since(tmp_path: Path) -> None:
    """The meeting was imported, updated to SEQUENCE 1 and then moved by hand (`sequence
    = 2`): Outlook's SEQUENCE 1 again changes nothing; its cancel (SEQUENCE 2, the same
    DTSTAMP) is as new as the entry, and cancels it."""
    trip = tmp_path / "trip.toml"
    trip.write_bytes(INVITED.read_bytes())
    result = tripplan("import", "ics", trip, PRODUCERS / "outlook_mexico_update.ics")
    assert result.err == (
        f"tripplan: {trip}: nothing to change\n"
        "tripplan: note: event 'air-quality-working-meeting': not applied: older than the"
        " entry's revision 2 (the invitation's SEQUENCE is 1)\n"
    )
    assert trip.read_bytes() == INVITED.read_bytes()
    result = tripplan("import", "ics", trip, PRODUCERS / "outlook_mexico_cancel.ics")
    assert result.err == f"tripplan: {trip}: cancelled event 'air-quality-working-meeting'\n"
    assert "air-quality" not in trip.read_text(encoding="utf-8")


def test_outlooks_request_goes_to_the_mayor_by_the_attendee(tmp_path: Path) -> None:
    """The request's ATTENDEE is mailto:mayor@example.seoul.go.kr; the trip's
    [people.mayor] email is Mayor@Example.Seoul.go.kr."""
    trip = tmp_path / "trip.toml"
    text = INVITED.read_text(encoding="utf-8")
    start = text.index('[[events]]\nid = "air-quality-working-meeting"')
    trip.write_text(text[:start] + text[text.index("[[travel]]", start) :], encoding="utf-8")
    imported(trip, PRODUCERS / "outlook_mexico_request.ics")
    assert 'who = ["mayor"]\n' in block(trip, "air-quality-working-meeting")
