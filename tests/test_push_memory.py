"""push with its memory of the last push (sync/memory.py), against a real Radicale: a push
with nothing to change asks the server one question, what changed since the last push's
sync token (a sync-collection REPORT, RFC 6578), and writes nothing; where the token is
not known it asks for ETags alone; anything that changed on either side is still seen, as
without the memory (tests/test_push.py, run with no memory, holds every rule)."""

from __future__ import annotations

import contextlib
import json
import re
import time
import urllib.error
import uuid
from pathlib import Path

import pytest

from helpers import SAMPLE, Result
from radicale import PASSWORD, USER, Radicale, radicale
from test_push import EDITED, _edit_on_server, _request, copy, held, ok
from test_push import push as push_without

__all__ = ["radicale"]  # the fixture, used by name

# What the server answered, and to what (Radicale names a sync-collection REPORT by its
# properties: "(getetag sync-collection)"); a 401 is the client's first, unauthenticated try.
_ANSWERED = re.compile(
    r"\] (PROPFIND|REPORT|PUT|DELETE) response status for '([^']*)'[^\n]*?"
    r"(?:\(([^)\n]*)\))?: (\d{3})"
)


def push(state: Path, *args: str | Path) -> Result:
    return push_without(
        *args,
        environ={
            "TRIPPLAN_CALDAV_USER": USER,
            "TRIPPLAN_CALDAV_PASSWORD": PASSWORD,
            "HOME": "/nonexistent",
            "XDG_STATE_HOME": str(state),
        },
    )


def pushed(radicale: Radicale, state: Path, *args: str | Path) -> tuple[Result, list[str]]:
    """A push, and the requests it made: those the server logged after a mark (a GET of
    a name nobody uses, which the log must show before the push begins)."""
    url = str(args[-1]) if not str(args[-1]).startswith("-") else str(args[1])
    mark = f"mark-{uuid.uuid4().hex}"
    with contextlib.suppress(urllib.error.HTTPError):  # a 404: what a mark is
        _request(url + mark)
    _wait_for(radicale, mark)
    result = push(state, *args)
    end = f"end-{uuid.uuid4().hex}"
    with contextlib.suppress(urllib.error.HTTPError):
        _request(url + end)
    text = _wait_for(radicale, end)
    between = text[text.index(mark) : text.index(end)]
    path = "/" + url.split("/", 3)[3]
    return result, [
        "REPORT sync" if "sync-collection" in what.split() else method
        for method, where, what, status in _ANSWERED.findall(between)
        if where.startswith(path) and status != "401"
    ]


def _wait_for(radicale: Radicale, mark: str) -> str:
    for _ in range(200):
        text = radicale.log.read_text(encoding="utf-8", errors="replace")
        if mark in text:
            return text
        time.sleep(0.02)
    raise AssertionError(f"the server never logged {mark}")


def memory_file(state: Path) -> Path:
    (found,) = (state / "tripplan" / "push").glob("*.json")
    return found


def test_a_second_push_asks_what_changed_alone(radicale: Radicale, tmp_path: Path) -> None:
    url = radicale.calendar()
    ok(push(tmp_path, SAMPLE, url))
    assert json.loads(memory_file(tmp_path).read_text(encoding="utf-8"))["token"]
    before, kept = held(url), memory_file(tmp_path).stat()
    again, requests = pushed(radicale, tmp_path, SAMPLE, url, "--json")
    assert ok(again) == {"created": [], "updated": [], "deleted": [], "refused": []}
    # one sync-collection REPORT: no PROPFIND, no calendar data, no write
    assert requests == ["REPORT sync"]
    assert held(url) == before
    # nothing new to remember: the memory is not written again
    now = memory_file(tmp_path).stat()
    assert (now.st_ino, now.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)


@pytest.mark.parametrize("token", [None, "http://radicale.org/ns/sync/forgotten", "junk"])
def test_without_a_token_it_knows_a_push_asks_for_etags_alone(
    radicale: Radicale, tmp_path: Path, token: str | None
) -> None:
    """A memory without a token, or with one the server does not know (a 403 naming
    DAV:valid-sync-token): every ETag (PROPFIND), nothing read or written, and the token
    the server gives after it remembered: the push after asks its one REPORT again."""
    url = radicale.calendar()
    ok(push(tmp_path, SAMPLE, url))
    memory = json.loads(memory_file(tmp_path).read_text(encoding="utf-8"))
    memory_file(tmp_path).write_text(json.dumps({**memory, "token": token}), encoding="utf-8")
    before = held(url)
    again, requests = pushed(radicale, tmp_path, SAMPLE, url, "--json")
    assert ok(again) == {"created": [], "updated": [], "deleted": [], "refused": []}
    assert "PROPFIND" in requests and not {"PUT", "DELETE"} & set(requests)
    assert held(url) == before
    third, requests = pushed(radicale, tmp_path, SAMPLE, url, "--json")
    assert ok(third)["updated"] == [] and requests == ["REPORT sync"]


def test_a_stranger_added_on_the_server_is_seen_and_left_alone(
    radicale: Radicale, tmp_path: Path
) -> None:
    """An object another client put in the calendar since the last push is in what the
    server says changed: read (a multiget), never touched, and remembered."""
    url = radicale.calendar()
    ok(push(tmp_path, SAMPLE, url))
    stranger = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone//EN\r\nBEGIN:VEVENT\r\n"
        "UID:dentist@example.org\r\nDTSTAMP:20101101T000000Z\r\n"
        "DTSTART:20101117T010000Z\r\nDTEND:20101117T020000Z\r\nSUMMARY:Dentist\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    _request(
        url + "dentist.ics",
        "PUT",
        stranger.encode(),
        If_None_Match="*",
        Content_Type="text/calendar",
    )
    before = held(url)
    again, requests = pushed(radicale, tmp_path, SAMPLE, url, "--json")
    assert ok(again) == {"created": [], "updated": [], "deleted": [], "refused": []}
    assert requests == ["REPORT sync", "REPORT"]  # what changed; the stranger's data
    assert held(url) == before and "dentist@example.org" in before
    third, requests = pushed(radicale, tmp_path, SAMPLE, url, "--json")
    assert ok(third)["updated"] == []
    assert requests == ["REPORT sync"]


def test_the_memory_holds_no_credentials(radicale: Radicale, tmp_path: Path) -> None:
    url = radicale.calendar()
    ok(push(tmp_path, SAMPLE, url))
    text = memory_file(tmp_path).read_text(encoding="utf-8")
    assert PASSWORD not in text and USER not in json.loads(text)["url"].split("/")[2]


def test_a_server_side_edit_is_still_refused(radicale: Radicale, tmp_path: Path) -> None:
    url = radicale.calendar()
    ok(push(tmp_path, SAMPLE, url))
    _edit_on_server(url, "la-mou@7f3a9c2e41d8", "Moved to the Getty by the LA office")
    refused, requests = pushed(radicale, tmp_path, SAMPLE, url, "--json")
    assert refused.code == 1
    assert refused.json()["refused"] == [{"uid": "la-mou@7f3a9c2e41d8", "reason": EDITED}]
    # what changed (a sync-collection REPORT), then the edited object's data alone (a
    # multiget REPORT): its ETag is new
    assert requests == ["REPORT sync", "REPORT"]
    forced = push(tmp_path, SAMPLE, url, "--force", "--json")
    assert ok(forced)["updated"] == ["la-mou@7f3a9c2e41d8"]


def test_a_change_of_the_file_is_written_and_then_remembered(
    radicale: Radicale, tmp_path: Path
) -> None:
    url = radicale.calendar()
    trip = copy(tmp_path)
    state = tmp_path / "state"
    ok(push(state, trip, url))
    text = trip.read_text(encoding="utf-8")
    trip.write_text(text.replace("start = 2010-11-16T15:00:00", "start = 2010-11-16T16:00:00"))
    moved = push(state, trip, url, "--json")
    assert ok(moved)["updated"] == ["la-mou@7f3a9c2e41d8"]
    again, requests = pushed(radicale, state, trip, url, "--json")
    assert ok(again)["updated"] == []
    # the PUT's answer gave the new ETag, and the token after it was kept: one question
    assert requests == ["REPORT sync"]


def test_a_deleted_object_on_the_server_is_made_again(radicale: Radicale, tmp_path: Path) -> None:
    url = radicale.calendar()
    ok(push(tmp_path, SAMPLE, url))
    href, etag, _ = held(url)["am649@7f3a9c2e41d8"]
    _request(href, "DELETE", If_Match=etag)
    assert ok(push(tmp_path, SAMPLE, url, "--json"))["created"] == ["am649@7f3a9c2e41d8"]


@pytest.mark.parametrize(
    "memory", ["", "{", '{"format": 1}', '{"format": 99, "objects": {}}', "[1, 2]", "\x00"]
)
def test_a_broken_memory_is_no_memory(radicale: Radicale, tmp_path: Path, memory: str) -> None:
    url = radicale.calendar()
    ok(push(tmp_path, SAMPLE, url))
    memory_file(tmp_path).write_text(memory, encoding="utf-8")
    before = held(url)
    again, requests = pushed(radicale, tmp_path, SAMPLE, url, "--json")
    assert ok(again) == {"created": [], "updated": [], "deleted": [], "refused": []}
    # everything read (one REPORT of every object's data), then the token asked for
    assert requests == ["PROPFIND", "REPORT", "REPORT sync"]
    assert held(url) == before
    json.loads(memory_file(tmp_path).read_text(encoding="utf-8"))  # written anew


def test_a_memory_of_another_collection_is_not_used(radicale: Radicale, tmp_path: Path) -> None:
    one, other = radicale.calendar(), radicale.calendar()
    ok(push(tmp_path, SAMPLE, one))
    created, requests = pushed(radicale, tmp_path, SAMPLE, other, "--json")
    assert len(ok(created)["created"]) == 10
    # read as a first push reads: one REPORT of everything, then the writes
    assert requests.index("REPORT") < requests.index("PUT")


def test_an_unwritable_state_folder_is_no_error(radicale: Radicale, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    url = radicale.calendar()
    result = push(blocked, SAMPLE, url)
    assert result.code == 0
    assert (
        result.err == f"tripplan: {url}: 10 created, 0 updated, 0 deleted, 0 unchanged, 0 refused\n"
    )


def _unauthorized(radicale: Radicale, state: Path, *args: str | Path) -> tuple[Result, int]:
    """A push, and how many of its requests the server answered 401."""
    url = str(args[-1])
    mark, end = f"mark-{uuid.uuid4().hex}", f"end-{uuid.uuid4().hex}"
    with contextlib.suppress(urllib.error.HTTPError):
        _request(url + mark)
    _wait_for(radicale, mark)
    result = push(state, *args)
    with contextlib.suppress(urllib.error.HTTPError):
        _request(url + end)
    text = _wait_for(radicale, end)
    between = text[text.index(mark) : text.index(end)]
    return result, sum(status == "401" for *_ignored, status in _ANSWERED.findall(between))


def test_a_second_push_sends_its_credentials_with_its_first_request(
    radicale: Radicale, tmp_path: Path
) -> None:
    """The first push learns the server's scheme from its 401; the next sends Basic at
    once (one round trip fewer), and the memory holds the scheme's name alone."""
    url = radicale.calendar()
    first, refusals = _unauthorized(radicale, tmp_path, SAMPLE, url)
    assert first.code == 0 and refusals == 1
    assert json.loads(memory_file(tmp_path).read_text(encoding="utf-8"))["scheme"] == "basic"
    again, refusals = _unauthorized(radicale, tmp_path, SAMPLE, url)
    assert again.code == 0 and refusals == 0


def test_a_scheme_the_server_no_longer_takes_is_asked_again(
    radicale: Radicale, tmp_path: Path
) -> None:
    """A memory naming Digest where the server takes Basic: refused once, then the push
    goes on as a first contact does, and remembers Basic."""
    url = radicale.calendar()
    ok(push(tmp_path, SAMPLE, url))
    memory = json.loads(memory_file(tmp_path).read_text(encoding="utf-8"))
    memory_file(tmp_path).write_text(json.dumps({**memory, "scheme": "digest"}), "utf-8")
    again, requests = pushed(radicale, tmp_path, SAMPLE, url, "--json")
    assert ok(again) == {"created": [], "updated": [], "deleted": [], "refused": []}
    assert requests == ["REPORT sync"]
    assert json.loads(memory_file(tmp_path).read_text(encoding="utf-8"))["scheme"] == "basic"


def test_a_wrong_password_is_said_as_without_a_memory(radicale: Radicale, tmp_path: Path) -> None:
    url = radicale.calendar()
    ok(push(tmp_path, SAMPLE, url))
    wrong = push_without(
        SAMPLE,
        url,
        environ={
            "TRIPPLAN_CALDAV_USER": USER,
            "TRIPPLAN_CALDAV_PASSWORD": "wrong horse",
            "HOME": "/nonexistent",
            "XDG_STATE_HOME": str(tmp_path),
        },
    )
    assert wrong.code == 2 and wrong.out == ""
    assert wrong.err == (
        f"tripplan: {url}: 401 Unauthorized: the server refused the credentials from"
        " TRIPPLAN_CALDAV_USER and TRIPPLAN_CALDAV_PASSWORD\n"
    )
