"""push against a real CalDAV server (Radicale, tests/radicale.py): what the calendar holds
afterwards, read back over HTTP and parsed with icalendar; the writes a push made, counted
from the server's own log; every failure one line, exit 2, credentials never shown."""

from __future__ import annotations

import base64
import io
import shutil
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from helpers import SAMPLE, TRIPS, Result, assert_one_clean_line, itinerary_instants, tripplan
from helpers import utc_text as _instant
from radicale import OTHER, OTHER_PASSWORD, PASSWORD, USER, Radicale, free_port, radicale
from tripplan.cli import run
from tripplan.cli.env import Environment
from tripplan.load import load_trip
from tripplan.sync.content import Held, content_hash, read_object
from tripplan.sync.plan import Ours, Write, plan

__all__ = ["radicale"]  # the fixture, used by name

SAMPLE_UIDS = [
    f"{ident}@7f3a9c2e41d8"
    for ident in (
        "ke017", "uclg-congress", "la-mou", "am649", "uclg-speech", "mexico-agreement",
        "am680", "chicago-ccgt", "daley-meeting", "ke038",
    )
]  # fmt: skip
SPLIT = TRIPS / "split_delegation_dst_2025.toml"
EDITED = "changed on the server since the last push"
FOREIGN = "another event in the calendar has this UID"


def push(*args: str | Path, environ: Mapping[str, str] | None = None) -> Result:
    """`tripplan push ...` in-process, with alice's credentials in the environment."""
    out, err = io.StringIO(), io.StringIO()
    env = Environment(
        stdout=out,
        stderr=err,
        stdin=io.BytesIO(b""),
        width=100,
        now=lambda: datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
        environ=dict(
            {
                "TRIPPLAN_CALDAV_USER": USER,
                "TRIPPLAN_CALDAV_PASSWORD": PASSWORD,
                "HOME": "/nonexistent",
            }
            if environ is None
            else environ
        ),
    )
    code = run(["push", *map(str, args)], env)
    return Result(code, out.getvalue(), err.getvalue())


def _request(url: str, method: str = "GET", body: bytes | None = None, **headers: str) -> bytes:
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Authorization", f"Basic {token}")
    for name, value in headers.items():
        request.add_header(name.replace("_", "-"), value)
    with urllib.request.urlopen(request) as answer:
        return bytes(answer.read())


def held(url: str) -> dict[str, tuple[str, str, bytes]]:
    """What the calendar holds, through caldav's own listing: UID -> (href, ETag, bytes)."""
    from caldav import Calendar as DavCalendar
    from caldav.davclient import DAVClient

    with DAVClient(url=url, username=USER, password=PASSWORD, enable_rfc6764=False) as client:
        objects = DavCalendar(client=client, url=url).events()
        found = {}
        for item in objects:
            data = _request(str(item.url))
            uid = str(Calendar.from_ical(data).walk("VEVENT")[0]["UID"])
            found[uid] = (str(item.url), str(item.etag), data)
    return found


def event(data: bytes) -> Calendar:
    return Calendar.from_ical(data).walk("VEVENT")[0]


def copy(tmp_path: Path, source: Path = SAMPLE) -> Path:
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    return target


def ok(result: Result) -> dict[str, object]:
    """A push that succeeded: its --json document (empty without --json)."""
    assert result.code == 0, result.err
    document: dict[str, object] = result.json() if result.out else {}
    return document


# -- what the calendar holds -------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        SAMPLE,
        TRIPS / "dst_fold_chicago_2010.toml",
        TRIPS / "dst_gap_chicago_2010.toml",
        TRIPS / "dateline_seoul_la.toml",
    ],
    ids=lambda p: p.stem,
)
def test_the_first_push_creates_every_event_at_the_itinerary_instants(
    radicale: Radicale, path: Path
) -> None:
    url = radicale.calendar()
    trip = load_trip(str(path))
    document = ok(push(path, url, "--json"))
    uids = [str(u) for u in document["created"]]  # type: ignore[union-attr]
    assert document == {"created": uids, "updated": [], "deleted": [], "refused": []}
    assert len(uids) == len(trip.entries)
    on_server = held(url)
    assert sorted(on_server) == sorted(uids)
    instants = {
        str(event(data)["UID"]).split("@")[0]: (
            _instant(event(data).decoded("DTSTART")),
            _instant(event(data).decoded("DTEND")),
        )
        for _href, _etag, data in on_server.values()
    }
    assert instants == itinerary_instants(path)
    for _href, _etag, data in on_server.values():
        assert str(event(data)["X-TRIPPLAN-TRIP"]) == str(uids[0]).split("@")[1]
    assert radicale.writes(url) == [("PUT", _path(url, uid)) for uid in uids]


def _path(url: str, uid: str) -> str:
    return "/" + url.split("/", 3)[3] + uid + ".ics"


def test_the_sample_is_created_in_the_trip_order_and_said_so(radicale: Radicale) -> None:
    url = radicale.calendar()
    result = push(SAMPLE, url)
    assert (result.code, result.out) == (0, "")
    assert result.err == (
        f"tripplan: {url}: 10 created, 0 updated, 0 deleted, 0 unchanged, 0 refused\n"
    )
    assert [path for _, path in radicale.writes(url)] == [_path(url, u) for u in SAMPLE_UIDS]
    for _href, _etag, data in held(url).values():
        assert int(event(data)["SEQUENCE"]) == 0
        assert len(str(event(data)["X-TRIPPLAN-HASH"])) == 64


def test_a_second_push_with_no_change_writes_nothing(radicale: Radicale) -> None:
    url = radicale.calendar()
    ok(push(SAMPLE, url))
    before, writes = held(url), len(radicale.writes(url))
    again = push(SAMPLE, url, "--json")
    assert ok(again) == {"created": [], "updated": [], "deleted": [], "refused": []}
    assert len(radicale.writes(url)) == writes == 10  # no PUT, no DELETE
    assert held(url) == before  # every ETag and byte as it was
    said = push(SAMPLE, url)
    assert (
        said.err == f"tripplan: {url}: 0 created, 0 updated, 0 deleted, 10 unchanged, 0 refused\n"
    )


# -- changes -----------------------------------------------------------------------------


def test_a_moved_entry_is_one_update_with_a_higher_sequence(
    radicale: Radicale, tmp_path: Path
) -> None:
    trip = copy(tmp_path)
    url = radicale.calendar()
    ok(push(trip, url))
    before = held(url)
    assert tripplan("move", trip, "la-mou", "--by", "1h").code == 0
    writes = len(radicale.writes(url))
    document = ok(push(trip, url, "--json"))
    assert document == {
        "created": [],
        "updated": ["la-mou@7f3a9c2e41d8"],
        "deleted": [],
        "refused": [],
    }
    assert radicale.writes(url)[writes:] == [("PUT", _path(url, "la-mou@7f3a9c2e41d8"))]
    after = held(url)
    moved = event(after["la-mou@7f3a9c2e41d8"][2])
    assert int(moved["SEQUENCE"]) > int(event(before["la-mou@7f3a9c2e41d8"][2])["SEQUENCE"])
    assert _instant(moved.decoded("DTSTART")) == itinerary_instants(trip)["la-mou"][0]
    assert {uid: after[uid] for uid in after if uid != "la-mou@7f3a9c2e41d8"} == {
        uid: before[uid] for uid in before if uid != "la-mou@7f3a9c2e41d8"
    }


def test_a_cancelled_entry_is_one_delete(radicale: Radicale, tmp_path: Path) -> None:
    trip = copy(tmp_path)
    url = radicale.calendar()
    ok(push(trip, url))
    assert tripplan("cancel", trip, "chicago-ccgt").code == 0
    writes = len(radicale.writes(url))
    result = push(trip, url)
    assert result.code == 0
    assert result.err == (
        "tripplan: deleted chicago-ccgt@7f3a9c2e41d8\n"
        f"tripplan: {url}: 0 created, 0 updated, 1 deleted, 9 unchanged, 0 refused\n"
    )
    assert radicale.writes(url)[writes:] == [("DELETE", _path(url, "chicago-ccgt@7f3a9c2e41d8"))]
    assert sorted(held(url)) == sorted(u for u in SAMPLE_UIDS if u != "chicago-ccgt@7f3a9c2e41d8")


def test_who_makes_a_travellers_calendar_and_deletes_the_others_entries(
    radicale: Radicale,
) -> None:
    url = radicale.calendar()
    everyone = ok(push(SPLIT, url, "--json"))["created"]
    press = [
        e["id"] for e in tripplan("itinerary", "--json", SPLIT, "--who", "press").json()["entries"]
    ]
    document = ok(push(SPLIT, url, "--who", "press", "--json"))
    kept = [u for u in everyone if str(u).split("@")[0] in press]  # type: ignore[union-attr]
    gone = [u for u in everyone if u not in kept]  # type: ignore[union-attr]
    assert document == {
        "created": [],
        "updated": [],
        "deleted": sorted(gone, key=lambda u: _path(url, str(u))),
        "refused": [],
    }
    assert sorted(held(url)) == sorted(str(u) for u in kept)
    fresh = radicale.calendar()
    assert ok(push(SPLIT, fresh, "--who", "press", "--json"))["created"] == kept


def test_a_foreign_event_is_left_byte_for_byte(radicale: Radicale) -> None:
    url = radicale.calendar()
    foreign = _foreign("lunch@elsewhere.example", "Lunch with the press office")
    _request(url + "lunch.ics", "PUT", foreign, Content_Type="text/calendar")
    before, writes = held(url)["lunch@elsewhere.example"], len(radicale.writes(url))
    ok(push(SAMPLE, url))
    ok(push(SAMPLE, url, "--force"))
    assert held(url)["lunch@elsewhere.example"] == before  # its href, ETag and bytes
    assert len(held(url)) == 11
    assert [path for _, path in radicale.writes(url)[writes:]].count(_path(url, "lunch")) == 0


def test_an_event_of_another_trip_or_none_is_never_deleted(
    radicale: Radicale, tmp_path: Path
) -> None:
    url = radicale.calendar()
    other = _foreign("x@other-trip", "Another trip's", trip="other-trip")
    _request(url + "x.ics", "PUT", other, Content_Type="text/calendar")
    trip = copy(tmp_path)
    ok(push(trip, url))
    assert tripplan("cancel", trip, "chicago-ccgt").code == 0
    ok(push(trip, url))
    assert "x@other-trip" in held(url)
    assert held(url)["x@other-trip"][2] == _request(url + "x.ics")


def test_our_uid_held_by_a_foreign_event_is_refused_and_left_alone(radicale: Radicale) -> None:
    url = radicale.calendar()
    squatter = _foreign("la-mou@7f3a9c2e41d8", "Imported by hand")  # no X-TRIPPLAN-TRIP
    _request(url + "imported.ics", "PUT", squatter, Content_Type="text/calendar")
    before = _request(url + "imported.ics")
    result = push(SAMPLE, url, "--json")
    assert result.code == 1
    document = result.json()
    assert document["refused"] == [{"uid": "la-mou@7f3a9c2e41d8", "reason": FOREIGN}]
    assert "la-mou@7f3a9c2e41d8" not in document["created"]
    assert _request(url + "imported.ics") == before
    human = push(SAMPLE, url)
    assert human.code == 1
    assert human.err == (
        "tripplan: refused la-mou@7f3a9c2e41d8: another event in the calendar has this UID;"
        " left alone\n"
        f"tripplan: {url}: 0 created, 0 updated, 0 deleted, 9 unchanged, 1 refused\n"
    )


def _foreign(uid: str, summary: str, trip: str | None = None) -> bytes:
    mark = f"X-TRIPPLAN-TRIP:{trip}\r\n" if trip else ""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone//else//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20100101T000000Z\r\nDTSTART:20101117T120000Z\r\n"
        f"DTEND:20101117T130000Z\r\nSUMMARY:{summary}\r\n{mark}END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


# -- someone else's changes ------------------------------------------------------------------


def _edit_on_server(url: str, uid: str, summary: str) -> None:
    """Someone changes one of our events in their calendar client: a new SUMMARY, all else
    (X-TRIPPLAN-HASH too) as it was, written back with If-Match its ETag."""
    href, etag, data = held(url)[uid]
    lines = [
        f"SUMMARY:{summary}" if line.startswith("SUMMARY:") else line
        for line in data.decode().replace("\r\n ", "").split("\r\n")
    ]
    _request(href, "PUT", "\r\n".join(lines).encode(), Content_Type="text/calendar", If_Match=etag)


def test_a_server_side_edit_is_refused_then_forced(radicale: Radicale) -> None:
    url = radicale.calendar()
    ok(push(SAMPLE, url))
    _edit_on_server(url, "la-mou@7f3a9c2e41d8", "Moved to the Getty by the LA office")
    edited, writes = held(url)["la-mou@7f3a9c2e41d8"], len(radicale.writes(url))
    refused = push(SAMPLE, url, "--json")
    assert refused.code == 1
    assert refused.json() == {
        "created": [],
        "updated": [],
        "deleted": [],
        "refused": [{"uid": "la-mou@7f3a9c2e41d8", "reason": EDITED}],
    }
    assert held(url)["la-mou@7f3a9c2e41d8"] == edited
    assert len(radicale.writes(url)) == writes
    human = push(SAMPLE, url)
    assert human.err == (
        "tripplan: refused la-mou@7f3a9c2e41d8: changed on the server since the last push"
        " (--force replaces it)\n"
        f"tripplan: {url}: 0 created, 0 updated, 0 deleted, 9 unchanged, 1 refused\n"
    )
    forced = push(SAMPLE, url, "--force", "--json")
    assert ok(forced)["updated"] == ["la-mou@7f3a9c2e41d8"]
    restored = event(held(url)["la-mou@7f3a9c2e41d8"][2])
    assert str(restored["SUMMARY"]) == "EV cooperation MOU with Mayor Villaraigosa"
    assert int(restored["SEQUENCE"]) == 1  # above the server's 0
    assert ok(push(SAMPLE, url, "--json"))["updated"] == []


def test_a_server_side_edit_of_a_cancelled_entry_is_not_deleted_unless_forced(
    radicale: Radicale, tmp_path: Path
) -> None:
    trip = copy(tmp_path)
    url = radicale.calendar()
    ok(push(trip, url))
    _edit_on_server(url, "chicago-ccgt@7f3a9c2e41d8", "CCGT visit, moved by the consulate")
    assert tripplan("cancel", trip, "chicago-ccgt").code == 0
    refused = push(trip, url, "--json")
    assert (refused.code, refused.json()["refused"]) == (
        1,
        [{"uid": "chicago-ccgt@7f3a9c2e41d8", "reason": EDITED}],
    )
    assert "chicago-ccgt@7f3a9c2e41d8" in held(url)
    assert ok(push(trip, url, "--force", "--json"))["deleted"] == ["chicago-ccgt@7f3a9c2e41d8"]
    assert "chicago-ccgt@7f3a9c2e41d8" not in held(url)


def test_a_change_during_the_push_is_a_412_and_what_was_done_is_said(
    radicale: Radicale, tmp_path: Path
) -> None:
    """The REPORT saw one ETag, and someone wrote the event before our PUT: If-Match
    fails, nothing is overwritten, and PushFailed says what had been written."""
    from tripplan.sync.push import PushFailed
    from tripplan.sync.push import push as push_trip

    url = radicale.calendar()
    trip = copy(tmp_path)
    ok(push(trip, url))
    text = (
        trip.read_text().replace("EV cooperation MOU", "EV MOU").replace("3rd UCLG", "Third UCLG")
    )
    trip.write_text(text)

    def meddle(count: int, total: int) -> None:
        if count == 1:
            _edit_on_server(url, "la-mou@7f3a9c2e41d8", "Changed meanwhile")

    loaded = load_trip(str(trip))
    environ = {"TRIPPLAN_CALDAV_USER": USER, "TRIPPLAN_CALDAV_PASSWORD": PASSWORD}
    with pytest.raises(PushFailed) as failed:
        push_trip(
            loaded, loaded.entries, url, environ=environ, now=datetime.now(UTC), progress=meddle
        )
    assert failed.value.done.updated == ["uclg-congress@7f3a9c2e41d8"]
    assert failed.value.lines() == [
        f"{url}la-mou@7f3a9c2e41d8.ics: 412 Precondition Failed: changed on the server during"
        " the push; nothing overwritten; push again"
    ]
    assert str(event(held(url)["la-mou@7f3a9c2e41d8"][2])["SUMMARY"]) == "Changed meanwhile"


def test_a_failure_half_way_prints_what_was_done(radicale: Radicale) -> None:
    """Someone else's object where a new event of ours would go: its If-None-Match: *
    is a 412; the events before it are created and --json says so."""
    url = radicale.calendar()
    _request(
        url + "am649@7f3a9c2e41d8.ics",
        "PUT",
        _foreign("else@x", "Else"),
        Content_Type="text/calendar",
    )
    result = push(SAMPLE, url, "--json")
    assert result.code == 2
    assert result.json() == {
        "created": SAMPLE_UIDS[:3],
        "updated": [],
        "deleted": [],
        "refused": [],
    }
    assert assert_one_clean_line(result.err) == (
        f"tripplan: {url}am649@7f3a9c2e41d8.ics: 412 Precondition Failed: the calendar holds"
        " something else at this URL; nothing overwritten"
    )
    human = push(SAMPLE, url)
    assert human.err.splitlines() == [
        f"tripplan: {url}: 0 created, 0 updated, 0 deleted, 3 unchanged, 0 refused",
        f"tripplan: {url}am649@7f3a9c2e41d8.ics: 412 Precondition Failed: the calendar holds"
        " something else at this URL; nothing overwritten",
    ]


# -- --dry-run ---------------------------------------------------------------------------------


def test_dry_run_says_what_would_change_and_writes_nothing(
    radicale: Radicale, tmp_path: Path
) -> None:
    url = radicale.calendar()
    trip = copy(tmp_path)
    first = push(trip, url, "--dry-run", "--json")
    assert ok(first)["created"] == SAMPLE_UIDS
    assert radicale.writes(url) == [] and held(url) == {}
    ok(push(trip, url))
    assert tripplan("move", trip, "la-mou", "--by", "1h").code == 0
    assert tripplan("cancel", trip, "chicago-ccgt").code == 0
    before, writes = held(url), len(radicale.writes(url))
    dry = push(trip, url, "--dry-run", "--json")
    assert ok(dry) == {
        "created": [],
        "updated": ["la-mou@7f3a9c2e41d8"],
        "deleted": ["chicago-ccgt@7f3a9c2e41d8"],
        "refused": [],
    }
    said = push(trip, url, "--dry-run")
    assert said.err == (
        "tripplan: would update la-mou@7f3a9c2e41d8\n"
        "tripplan: would delete chicago-ccgt@7f3a9c2e41d8\n"
        f"tripplan: {url}: dry run, nothing written: would create 0, update 1, delete 1;"
        " 8 unchanged, 0 refused\n"
    )
    assert (held(url), len(radicale.writes(url))) == (before, writes)


# -- failures: one line, exit 2, no credentials ---------------------------------------------


def _fails(result: Result, line: str) -> None:
    assert result.code == 2, result.err
    assert assert_one_clean_line(result.err) == f"tripplan: {line}"
    assert result.out == ""
    for secret in (PASSWORD, OTHER_PASSWORD, "wrong horse"):
        assert secret not in result.err + result.out


def test_a_wrong_password_is_one_line(radicale: Radicale) -> None:
    url = radicale.calendar()
    environ = {"TRIPPLAN_CALDAV_USER": USER, "TRIPPLAN_CALDAV_PASSWORD": "wrong horse"}
    _fails(
        push(SAMPLE, url, environ=environ),
        f"{url}: 401 Unauthorized: the server refused the credentials from"
        " TRIPPLAN_CALDAV_USER and TRIPPLAN_CALDAV_PASSWORD",
    )
    result = push(SAMPLE, url, "--json", environ=environ)
    assert result.code == 2
    assert result.json() == {"created": [], "updated": [], "deleted": [], "refused": []}


def test_no_credentials_says_where_to_put_them(radicale: Radicale, tmp_path: Path) -> None:
    url = radicale.calendar()
    _fails(
        push(SAMPLE, url, environ={"HOME": str(tmp_path)}),
        f"{url}: 401 Unauthorized: no credentials for 127.0.0.1 in ~/.netrc or"
        " TRIPPLAN_CALDAV_USER and TRIPPLAN_CALDAV_PASSWORD",
    )


def test_another_users_calendar_is_a_403(radicale: Radicale) -> None:
    url = radicale.calendar(OTHER, OTHER_PASSWORD)
    _fails(
        push(SAMPLE, url),
        f"{url}: 403 Forbidden: these credentials may not write this calendar",
    )


def test_a_closed_port_is_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}/alice/trip/"
    _fails(
        push(SAMPLE, url),
        f"{url}: cannot connect: connection refused (is the server running, the port right?)",
    )


def test_a_missing_calendar_is_a_404(radicale: Radicale) -> None:
    url = f"{radicale.base}/{USER}/no-such-calendar/"
    _fails(push(SAMPLE, url), f"{url}: 404 Not Found: no calendar collection at this URL")


def test_a_collection_that_is_no_calendar_is_refused(radicale: Radicale) -> None:
    url = f"{radicale.base}/{USER}/"
    radicale.calendar()  # alice's home exists
    _fails(push(SAMPLE, url), f"{url}: not a CalDAV calendar collection")


def test_tls_to_a_plain_http_port_is_one_line(radicale: Radicale) -> None:
    url = radicale.calendar().replace("http://", "https://")
    result = push(SAMPLE, url)
    assert result.code == 2
    line = assert_one_clean_line(result.err)
    assert line.startswith(f"tripplan: {url}: TLS failure: "), line


def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/cal/"
        environ = {
            "TRIPPLAN_CALDAV_USER": USER,
            "TRIPPLAN_CALDAV_PASSWORD": PASSWORD,
            "TRIPPLAN_CALDAV_TIMEOUT": "0.5",
        }
        _fails(
            push(SAMPLE, url, environ=environ),
            f"{url}: no answer in time (TRIPPLAN_CALDAV_TIMEOUT sets the seconds)",
        )


class _Failing(threading.Thread):
    """A server that answers every request with 503: a calendar service that is down."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Down(BaseHTTPRequestHandler):
            def _down(self) -> None:
                self.send_response(500, "Internal Server Error")
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PROPFIND = do_REPORT = do_PUT = do_GET = _down

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Down)
        super().__init__(target=self.server.serve_forever, daemon=True)


def test_a_server_error_is_one_line() -> None:
    down = _Failing()
    down.start()
    try:
        url = f"http://127.0.0.1:{down.server.server_address[1]}/cal/"
        _fails(push(SAMPLE, url), f"{url}: PROPFIND: 500 Internal Server Error")
    finally:
        down.server.shutdown()


@pytest.mark.parametrize(
    ("url", "line"),
    [
        ("ftp://127.0.0.1/cal/", "ftp://127.0.0.1/cal/: not an http:// or https:// URL"),
        ("127.0.0.1:5232/cal/", "127.0.0.1:5232/cal/: not an http:// or https:// URL"),
        (
            f"http://{USER}:{PASSWORD}@127.0.0.1:5232/cal/",
            "http://127.0.0.1:5232/cal/: put credentials in ~/.netrc or TRIPPLAN_CALDAV_USER"
            " and TRIPPLAN_CALDAV_PASSWORD, not in the URL",
        ),
        ("http://:80/cal/", "http://:80/cal/: not a URL with a host (and a port from 1 to 65535)"),
        (
            "http://127.0.0.1:99999/",
            "http://127.0.0.1:99999/: not a URL with a host (and a port from 1 to 65535)",
        ),
    ],
)
def test_urls_a_push_cannot_use_are_refused_before_anything_is_sent(url: str, line: str) -> None:
    _fails(push(SAMPLE, url), line)
    assert push(SAMPLE, url, "--json").json() == {
        "created": [],
        "updated": [],
        "deleted": [],
        "refused": [],
    }


@pytest.mark.parametrize(
    ("environ", "line"),
    [
        (
            {"TRIPPLAN_CALDAV_USER": USER},
            "TRIPPLAN_CALDAV_PASSWORD is not set; set both or neither (then ~/.netrc)",
        ),
        (
            {"TRIPPLAN_CALDAV_PASSWORD": PASSWORD},
            "TRIPPLAN_CALDAV_USER is not set; set both or neither (then ~/.netrc)",
        ),
        (
            {"TRIPPLAN_CALDAV_TIMEOUT": "soon"},
            "TRIPPLAN_CALDAV_TIMEOUT: 'soon' is not a number of seconds (0-3600]",
        ),
    ],
)
def test_environment_a_push_cannot_use_is_refused(
    environ: dict[str, str], line: str, radicale: Radicale
) -> None:
    _fails(push(SAMPLE, radicale.calendar(), environ={"HOME": "/nonexistent", **environ}), line)


# -- ~/.netrc ---------------------------------------------------------------------------------


def test_credentials_from_netrc(radicale: Radicale, tmp_path: Path) -> None:
    url = radicale.calendar()
    netrc = tmp_path / ".netrc"
    netrc.write_text(
        f'machine example.org login x password y\nmachine 127.0.0.1 login {USER} password "{PASSWORD}"\n'
    )
    netrc.chmod(0o600)
    assert (
        ok(push(SAMPLE, url, "--json", environ={"HOME": str(tmp_path)}))["created"] == SAMPLE_UIDS
    )
    netrc.write_text(f"machine 127.0.0.1 login {USER} password wrong\n")
    _fails(
        push(SAMPLE, url, environ={"HOME": str(tmp_path)}),
        f"{url}: 401 Unauthorized: the server refused the credentials from {netrc}",
    )


def test_a_netrc_others_may_read_is_refused(radicale: Radicale, tmp_path: Path) -> None:
    netrc = tmp_path / ".netrc"
    netrc.write_text(f'machine 127.0.0.1 login {USER} password "{PASSWORD}"\n')
    netrc.chmod(0o644)
    _fails(
        push(SAMPLE, radicale.calendar(), environ={"HOME": str(tmp_path)}),
        f"{netrc}: others may read it; make it yours alone (chmod 600)",
    )


def test_a_broken_netrc_is_named_without_its_text(radicale: Radicale, tmp_path: Path) -> None:
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password\n{PASSWORD}-ish junk\n")
    netrc.chmod(0o600)
    result = push(SAMPLE, radicale.calendar(), environ={"HOME": str(tmp_path)})
    assert result.code == 2
    line = assert_one_clean_line(result.err)
    assert line.startswith(f"tripplan: {netrc}:") and line.endswith(": cannot read this netrc file")
    assert PASSWORD not in result.err


# -- what else a push refuses ----------------------------------------------------------------


def test_an_entry_that_is_no_event_refuses_the_whole_push(
    radicale: Radicale, tmp_path: Path
) -> None:
    from helpers import CONFLICTS

    url = radicale.calendar()
    result = push(CONFLICTS, url, "--json")
    assert result.code == 1
    document = result.json()
    assert document["created"] == document["updated"] == document["deleted"] == []
    assert [r["reason"] for r in document["refused"]] == [
        "ends at or before it starts: not an event"
    ]
    assert result.err == tripplan("export", "ics", CONFLICTS).err  # the same lines, said once
    assert push(CONFLICTS, url).err == result.err
    assert radicale.writes(url) == []


def test_text_no_xml_can_carry_is_pushed_as_the_replacement_mark(radicale: Radicale) -> None:
    """U+FFFE is TEXT, but no XML: stored raw, it would make every REPORT of the calendar
    unreadable (Radicale stores it, then answers with XML no parser takes). The events
    hold U+FFFD instead (render.ics, as for the other characters TEXT should not carry),
    so the calendar reads back, and a second push writes nothing."""
    hostile = TRIPS / "hostile_markup.toml"
    assert "\\ufffe" in hostile.read_text(encoding="utf-8")  # its notes hold one
    url = radicale.calendar()
    first = push(hostile, url, "--json")
    assert first.code == 0, first.err
    on_server = held(url)
    texts = [bytes(data).decode("utf-8") for _h, _e, data in on_server.values()]
    assert texts and all("\ufffe" not in text for text in texts)
    assert any("\ufffd" in text for text in texts)
    writes = radicale.writes(url)
    again = push(hostile, url, "--json")
    assert again.code == 0, again.err
    assert again.json() == {"created": [], "updated": [], "deleted": [], "refused": []}
    assert radicale.writes(url) == writes


def test_an_unknown_traveller_is_a_usage_error(radicale: Radicale) -> None:
    result = push(SAMPLE, radicale.calendar(), "--who", "mayr")
    assert result.code == 2
    assert assert_one_clean_line(result.err).startswith("tripplan: --who: ")


def test_json_is_the_same_in_every_language(radicale: Radicale, tmp_path: Path) -> None:
    english = push(SAMPLE, radicale.calendar(), "--json")
    korean = push(SAMPLE, radicale.calendar(), "--json", "--lang", "ko")
    assert (english.code, english.out, english.err) == (korean.code, korean.out, korean.err)


def test_push_help_names_where_credentials_come_from() -> None:
    import subprocess
    import sys

    from helpers import ROOT

    shown = subprocess.run(
        [sys.executable, "-m", "tripplan", "push", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    shown = " ".join(shown.split())
    assert "~/.netrc" in shown and "never from the URL" in shown and "--force" in shown


# -- the report lines go through the catalog ------------------------------------------------


class Pseudo:
    """A catalog that wraps every message in «», so a test sees what went through it."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


def test_report_lines_speak_the_language_chosen(
    radicale: Radicale, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tripplan import lang

    monkeypatch.setattr(lang, "_catalog", lambda code: Pseudo())
    trip = copy(tmp_path)
    url = radicale.calendar()
    squatter = _foreign("la-mou@7f3a9c2e41d8", "Imported by hand")
    _request(url + "imported.ics", "PUT", squatter, Content_Type="text/calendar")
    assert push(trip, url).code == 1  # la-mou refused
    assert tripplan("move", trip, "ke038", "--by", "1h").code == 0
    assert tripplan("cancel", trip, "chicago-ccgt").code == 0
    dry = push(trip, url, "--dry-run", "--lang", "ko")
    said = push(trip, url, "--lang", "ko")
    counts = {"url": url, "created": 0, "updated": 1, "deleted": 1, "unchanged": 7, "refused": 1}
    lines = [
        "tripplan: «updated {uid}»".format(uid="ke038@7f3a9c2e41d8"),
        "tripplan: «deleted {uid}»".format(uid="chicago-ccgt@7f3a9c2e41d8"),
        "tripplan: «refused {uid}: {reason}»".format(
            uid="la-mou@7f3a9c2e41d8",
            reason="«another event in the calendar has this UID; left alone»",
        ),
    ]
    assert dry.err.splitlines() == [
        "tripplan: «would update {uid}»".format(uid="ke038@7f3a9c2e41d8"),
        "tripplan: «would delete {uid}»".format(uid="chicago-ccgt@7f3a9c2e41d8"),
        lines[2],
        "tripplan: «{url}: dry run, nothing written: would create {created}, update {updated},"
        " delete {deleted}; {unchanged} unchanged, {refused} refused»".format(**counts),
    ]
    assert said.err.splitlines() == [
        *lines,
        "tripplan: «{url}: {created} created, {updated} updated, {deleted} deleted,"
        " {unchanged} unchanged, {refused} refused»".format(**counts),
    ]
    assert said.code == 1


# -- the plan, without a server ----------------------------------------------------------------


def _ours(uid: str, digest: str = "d", sequence: int = 0) -> Ours:
    return Ours(uid, digest, sequence)


def _held(
    uid: str,
    digest: str = "d",
    *,
    trip: str | None = "t",
    stored: str | None = "d",
    sequence: int = 0,
    href: str | None = None,
) -> Held:
    return Held(href or f"/c/{uid}.ics", f'"{uid}"', (uid,), trip, stored, digest, sequence)


PLANS = [
    # (what the trip has, what the server holds, force) -> (updates, creates, deletes, refused, unchanged)
    ([_ours("a")], [], False, ([], ["a"], [], [], [])),
    ([_ours("a")], [_held("a")], False, ([], [], [], [], ["a"])),
    ([_ours("a", "new")], [_held("a")], False, (["a"], [], [], [], [])),
    ([], [_held("a")], False, ([], [], ["a"], [], [])),
    ([_ours("a")], [_held("a", "edited")], False, ([], [], [], [("a", EDITED)], [])),
    ([_ours("a")], [_held("a", "edited")], True, (["a"], [], [], [], [])),
    ([], [_held("a", "edited")], False, ([], [], [], [("a", EDITED)], [])),
    ([], [_held("a", "edited")], True, ([], [], ["a"], [], [])),
    ([_ours("a")], [_held("a", trip=None)], True, ([], [], [], [("a", FOREIGN)], [])),
    ([_ours("a")], [_held("a", trip="other")], True, ([], [], [], [("a", FOREIGN)], [])),
    ([], [_held("a", trip="other"), _held("b", trip=None)], True, ([], [], [], [], [])),
    # no hash written (another tool's copy of the trip's event): the trip's content wins
    ([_ours("a", "new")], [_held("a", "old", stored=None)], False, (["a"], [], [], [], [])),
    # the same content edited back: nothing to write
    ([_ours("a", "x")], [_held("a", "x", stored="y")], False, ([], [], [], [], ["a"])),
    # one UID twice: the first kept (and replaced), the other deleted
    (
        [_ours("a", "new")],
        [_held("a", href="/c/2.ics"), _held("a", href="/c/1.ics")],
        False,
        (["a"], [], ["a"], [], []),
    ),
]


@pytest.mark.parametrize(("ours", "held_", "force", "expected"), PLANS)
def test_the_plan(
    ours: list[Ours],
    held_: list[Held],
    force: bool,
    expected: tuple[list[str], list[str], list[str], list[tuple[str, str]], list[str]],
) -> None:
    decided = plan(ours, held_, "t", force=force)
    assert (
        [w.uid for w in decided.updates],
        [w.uid for w in decided.creates],
        [d.uid for d in decided.deletes],
        [(r.uid, r.reason) for r in decided.refused],
        list(decided.unchanged),
    ) == expected


def test_a_replacement_has_a_sequence_above_the_servers_and_its_etag() -> None:
    decided = plan(
        [_ours("a", "new", 2), _ours("b", "new", 7)],
        [_held("a", sequence=5), _held("b", sequence=1)],
        "t",
    )
    assert [(w.uid, w.sequence, w.etag, w.href) for w in decided.updates] == [
        ("a", 6, '"a"', "/c/a.ics"),
        ("b", 7, '"b"', "/c/b.ics"),
    ]
    assert plan([_ours("n", sequence=3)], [], "t").creates == (Write("n", "n.ics", None, 3),)


def test_the_content_hash_ignores_what_servers_rewrite() -> None:
    ours = (
        "BEGIN:VCALENDAR\r\nPRODID:-//tripplan//tripplan 0.1.0//EN\r\nVERSION:2.0\r\n"
        "BEGIN:VEVENT\r\nUID:a@t\r\nDTSTAMP:20261125T120000Z\r\nSEQUENCE:0\r\n"
        "SUMMARY:A long title\\, folded by one server and not by another\r\n"
        "DTSTART;TZID=Asia/Seoul:20101117T090000\r\nX-TRIPPLAN-TRIP:t\r\n"
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT30M\r\nEND:VALARM\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    theirs = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tripplan//tripplan 9.9//EN\r\n"
        "BEGIN:VEVENT\r\nDTSTART;TZID=Asia/Seoul:20101117T090000\r\nUID:a@t\r\n"
        "LAST-MODIFIED:20261126T000000Z\r\nCREATED:20261126T000000Z\r\nSEQUENCE:4\r\n"
        "DTSTAMP:20261126T000000Z\r\nX-MOZ-GENERATION:3\r\nX-TRIPPLAN-HASH:abc\r\n"
        "SUMMARY:A long title\\, folded by one server\r\n  and not by another\r\n"
        "BEGIN:VALARM\r\nTRIGGER:-PT30M\r\nACTION:DISPLAY\r\nEND:VALARM\r\n"
        "X-TRIPPLAN-TRIP:t\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert content_hash(ours) == content_hash(theirs)
    for edit in ("SUMMARY:A long title", "TRIGGER:-PT30M", "X-TRIPPLAN-TRIP:t"):
        assert content_hash(ours.replace(edit, edit + "x")) != content_hash(ours), edit
    held_ = read_object("/c/a.ics", None, theirs)
    assert (held_.uid, held_.trip, held_.stored, held_.sequence, held_.edited) == (
        "a@t",
        "t",
        "abc",
        4,
        True,
    )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal_only(radicale: Radicale) -> None:
    url = radicale.calendar()
    err = _Terminal()
    env = Environment(
        stdout=io.StringIO(),
        stderr=err,
        stdin=io.BytesIO(b""),
        environ={"TRIPPLAN_CALDAV_USER": USER, "TRIPPLAN_CALDAV_PASSWORD": PASSWORD},
    )
    assert run(["push", str(SAMPLE), url], env) == 0
    said = err.getvalue()
    assert "\x1b[" in said  # Rich drew (and took away) its bar
    assert said.endswith(
        f"tripplan: {url}: 10 created, 0 updated, 0 deleted, 0 unchanged, 0 refused\n"
    )
    assert len(radicale.writes(url)) == 10


def test_the_korean_report(radicale: Radicale, tmp_path: Path) -> None:
    trip = copy(tmp_path)
    url = radicale.calendar()
    squatter = _foreign("la-mou@7f3a9c2e41d8", "Imported by hand")
    _request(url + "imported.ics", "PUT", squatter, Content_Type="text/calendar")
    first = push(trip, url, "--lang", "ko")
    assert (first.code, first.err) == (
        1,
        "tripplan: 거부함: la-mou@7f3a9c2e41d8: 캘린더의 다른 행사가 이 UID를 사용함; 그대로 둠\n"
        f"tripplan: {url}: 생성 9, 갱신 0, 삭제 0, 변경 없음 0, 거부 1\n",
    )
    assert tripplan("move", trip, "ke038", "--by", "1h").code == 0
    assert tripplan("cancel", trip, "chicago-ccgt").code == 0
    assert push(trip, url, "--dry-run", "--lang", "ko").err == (
        "tripplan: 갱신 예정: ke038@7f3a9c2e41d8\n"
        "tripplan: 삭제 예정: chicago-ccgt@7f3a9c2e41d8\n"
        "tripplan: 거부함: la-mou@7f3a9c2e41d8: 캘린더의 다른 행사가 이 UID를 사용함; 그대로 둠\n"
        f"tripplan: {url}: 시험 실행, 기록하지 않음: 생성 예정 0, 갱신 예정 1, 삭제 예정 1;"
        " 변경 없음 7, 거부 1\n"
    )
    _edit_on_server(url, "ke017@7f3a9c2e41d8", "KE017, changed by the airline")
    assert push(trip, url, "--lang", "ko").err == (
        "tripplan: 갱신함: ke038@7f3a9c2e41d8\n"
        "tripplan: 삭제함: chicago-ccgt@7f3a9c2e41d8\n"
        "tripplan: 거부함: ke017@7f3a9c2e41d8: 지난 push 이후 서버에서 변경됨 (--force로 덮어씀)\n"
        "tripplan: 거부함: la-mou@7f3a9c2e41d8: 캘린더의 다른 행사가 이 UID를 사용함; 그대로 둠\n"
        f"tripplan: {url}: 생성 0, 갱신 1, 삭제 1, 변경 없음 6, 거부 2\n"
    )
