"""push with its memory of the last push (sync/memory.py), against a real Radicale: a push
with nothing to change asks the server for ETags alone and writes nothing; anything that
changed on either side is still seen, as without the memory (tests/test_push.py, run with
no memory, holds every rule)."""

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

_ASKED = re.compile(r"\] (PROPFIND|REPORT|PUT|DELETE) request for '([^']*)'")


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
    return result, [m for m, where in _ASKED.findall(between) if where.startswith(path)]


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


def test_a_second_push_asks_for_etags_alone(radicale: Radicale, tmp_path: Path) -> None:
    url = radicale.calendar()
    ok(push(tmp_path, SAMPLE, url))
    assert memory_file(tmp_path).is_file()
    before = held(url)
    again, requests = pushed(radicale, tmp_path, SAMPLE, url, "--json")
    assert ok(again) == {"created": [], "updated": [], "deleted": [], "refused": []}
    # PROPFINDs alone (is it a calendar, every ETag): no REPORT of calendar data, no write
    assert set(requests) == {"PROPFIND"}
    assert held(url) == before


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
    # the edited object's ETag is new: its data alone is asked for (a multiget REPORT)
    assert requests.count("REPORT") == 1 and requests[-1] == "REPORT"
    assert not {"PUT", "DELETE"} & set(requests)
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
    # the PUT's answer gave the new ETag: nothing to ask for but the ETags
    assert set(requests) == {"PROPFIND"}


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
    assert requests.count("REPORT") == 1 and requests[-1] == "REPORT"  # everything read
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
