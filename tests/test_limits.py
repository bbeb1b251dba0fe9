"""Resource limits: what a hostile or runaway file can cost is bounded, and every limit
answers with exit 2 and one line, or the work finishes (docs/limits.md)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from helpers import assert_one_clean_line, tripplan
from tripplan.errors import TripFileError
from tripplan.load import MAX_ALL_DAY_DAYS, MAX_FILE_BYTES, MAX_ZONE_HINTS, loads_trip
from tripplan.timing import MAX_DURATION, parse_duration
from tripplan.tomlread import MAX_KEY_PARTS, MAX_NESTING

HEAD = b'[trip]\ntitle = "t"\n\n[places.a]\ntz = "America/Chicago"\n'
EVENT = b'[[events]]\ntitle = "e"\nplace = "a"\nstart = 2010-01-01T10:00:00\nduration = "1h"\n'


def _refused(data: bytes, fragment: str) -> str:
    result = tripplan(*["validate", "-"], stdin=data)
    assert result.code == 2
    line = assert_one_clean_line(result.err)
    assert fragment in line, line
    return line


def test_a_million_entries_is_refused_by_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "million.toml"
    path.write_bytes(HEAD + EVENT * 1_000_000)
    assert path.stat().st_size > MAX_FILE_BYTES
    result = tripplan(*["check", str(path)])
    path.unlink()  # 68 MB: pytest keeps old temporary directories
    assert result.code == 2
    assert "larger than 40 MiB" in assert_one_clean_line(result.err)


def test_a_trip_of_two_thousand_entries_finishes_in_every_view() -> None:
    events = b"".join(
        b'[[events]]\ntitle = "e%d"\nplace = "a"\nstart = 2010-%02d-%02dT%02d:00:00\n'
        b'duration = "30m"\n' % (i, 1 + i % 12, 1 + i % 28, i % 24)
        for i in range(2000)
    )
    assert tripplan(*["validate", "-"], stdin=HEAD + events).code == 0
    for args in (["check", "--json"], ["itinerary", "--json"], ["agenda", "--json"]):
        assert tripplan(*[*args, "-"], stdin=HEAD + events).code in (0, 1)


@pytest.mark.parametrize(
    "text",
    ["99999999999d", "PT99999999999H", "P99999999999D", "9" * 5000 + "h", "PT" + "9" * 5000 + "H"],
)
def test_pathological_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"longer than 366 days|not a duration|not an ISO"):
        parse_duration(text)
    _refused(HEAD + EVENT.replace(b'"1h"', f'"{text}"'.encode()), "events[0]")


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("366d", True),
        ("PT8784H", True),
        ("365d23h59m60s", True),
        ("367d", False),
        ("PT8785H", False),
    ],
)
def test_the_duration_limit_is_366_days(text: str, accepted: bool) -> None:
    if accepted:
        assert parse_duration(text) <= MAX_DURATION == timedelta(days=366)
    else:
        with pytest.raises(ValueError, match="longer than 366 days"):
            parse_duration(text)


@pytest.mark.parametrize(("end", "accepted"), [("2011-01-02", True), ("2011-01-03", False)])
def test_the_all_day_span_limit(end: str, accepted: bool) -> None:
    data = (
        HEAD + f'[[events]]\ntitle = "e"\nplace = "a"\nstart = 2010-01-01\nend = {end}\n'.encode()
    )
    if accepted:
        assert loads_trip(data).entries[0].end.isoformat() == end
    else:
        with pytest.raises(TripFileError, match=f"{MAX_ALL_DAY_DAYS} days at most"):
            loads_trip(data)


def _nested(depth: int, opener: bytes = b"[", closer: bytes = b"]") -> bytes:
    return HEAD.replace(
        b"[places.a]", b"x-deep = " + opener * depth + closer * depth + b"\n\n[places.a]"
    )


def test_nesting_up_to_the_limit_is_read() -> None:
    loads_trip(_nested(MAX_NESTING))


@pytest.mark.parametrize(
    "data",
    [
        _nested(MAX_NESTING + 1),
        _nested(100_000),  # toml-rs would overflow the C stack: the process would die
        _nested(50_000, b"{a=", b"}").replace(b"{a=}", b"{a=1}"),
        b"x = " + b"[" * 100_000,  # never closed: the parser descends all the same
        b"x = " + b'["]", ' * 1000 + b"]" * 1000,  # closers hidden in strings don't count
        b"x = " + b"[''' ]]] ''', " * 1000 + b"]" * 1000,
    ],
    ids=["limit+1", "100000", "inline-tables", "unclosed", "basic-strings", "literal-strings"],
)
def test_deeper_nesting_is_refused_before_parsing(data: bytes) -> None:
    _refused(data, f"nested more than {MAX_NESTING} deep")


def test_brackets_in_strings_and_comments_are_not_nesting() -> None:
    data = (
        HEAD
        + EVENT.replace(b'title = "e"', b'title = "' + b"[{" * 500 + b'\\""')
        + b"# "
        + b"[" * 500
    )
    trip = loads_trip(data)
    assert trip.entries[0].title == "[{" * 500 + '"'


def test_brackets_in_multi_line_strings_are_not_nesting() -> None:
    """A multi-line string ends at three quotes (and may hold two more of its own)."""
    brackets = "[" * (MAX_NESTING + 10)
    notes = f'notes = """\n{brackets}\n"""\n'
    assert loads_trip(HEAD + EVENT + notes.encode()).entries[0].notes == brackets + "\n"
    venue = f'venue = """{brackets}"""""\n'
    assert loads_trip(HEAD + EVENT + venue.encode()).entries[0].venue == brackets + '""'


def test_many_travellers_named_in_who_load_in_linear_time() -> None:
    names = ", ".join(f'"p{i}"' for i in range(50_000)).encode()
    head = HEAD.replace(b'title = "t"', b'title = "t"\ntravellers = [' + names + b"]")
    trip = loads_trip(head + EVENT + b"who = [" + names + b"]\n")
    assert len(trip.entries[0].who) == 50_000


def test_unknown_traveller_message_lists_a_few_names_only() -> None:
    names = ", ".join(f'"p{i}"' for i in range(1000)).encode()
    head = HEAD.replace(b'title = "t"', b'title = "t"\ntravellers = [' + names + b"]")
    line = _refused(head + EVENT + b'who = ["nobody"]\n', "unknown traveller 'nobody'")
    assert "(992 more)" in line
    assert len(line) < 300


def test_a_megabyte_title_renders() -> None:
    data = HEAD.replace(b'"t"', b'"' + b"x" * 1_000_000 + b'"') + EVENT
    result = tripplan(*["check", "-"], stdin=data)
    assert result.code == 0
    assert max(len(line) for line in result.out.splitlines()) <= 100


# -- dotted keys and table headers ---------------------------------------------------------


def _key(parts: int, first: str = "x-deep", separator: str = ".") -> str:
    return first + f"{separator}a" * (parts - 1)


def test_dotted_keys_and_headers_up_to_the_limit_are_read() -> None:
    key = _key(MAX_KEY_PARTS)
    data = HEAD + f"{key} = 1\nx-inline = {{{key} = 1}}\n[{key}]\nk = 1\n[[{key}x]]\n".encode()
    assert loads_trip(data).title == "t"


DEEP = f"a dotted key or table header of more than {MAX_KEY_PARTS} parts"


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (HEAD + f"{_key(MAX_KEY_PARTS + 1)} = 1\n".encode(), 6),
        (f"{_key(500, 'bogus')} = 1\n".encode() + HEAD, 1),
        (HEAD + f"\n[{_key(MAX_KEY_PARTS + 1)}]\n".encode(), 7),
        (HEAD + f"[[{_key(MAX_KEY_PARTS + 1)}]]\n".encode(), 6),
        (HEAD + f"x-inline = {{ {_key(MAX_KEY_PARTS + 1)} = 1 }}\n".encode(), 6),
        (HEAD + _key(MAX_KEY_PARTS + 1, '"x-q"', " . ").encode() + b" = 1\n", 6),
        (HEAD + _key(MAX_KEY_PARTS + 1, "x-q", ".'a'").encode() + b" = 1\n", 6),
        # line numbers count the lines of multi-line strings and comments before it
        (
            HEAD.replace(b'"t"', b'"""t\n.\n."""')
            + b"# a comment\n"
            + f"{_key(100)} = 1\n".encode(),
            9,
        ),
    ],
    ids=["limit+1", "500", "header", "array-header", "inline", "quoted-spaced", "literal", "lines"],
)
def test_longer_dotted_keys_and_headers_are_refused_before_parsing(data: bytes, line: int) -> None:
    assert _refused(data, DEEP) == f"tripplan: <stdin>:{line}: {DEEP}"


def test_dots_in_strings_comments_and_values_are_no_key_parts() -> None:
    dots = "." * 500
    data = (
        HEAD
        + EVENT.replace(
            b'title = "e"', f'title = "{dots}"\nnotes = """\n{dots}\n{dots}"""'.encode()
        )
        + f"venue = '{dots}'\n# {dots}\nx-floats = [{', '.join(['1.5'] * 300)}]\n".encode()
        + f"x-times = [{', '.join(['2010-01-01T10:00:00.5'] * 300)}]\n".encode()
    )
    assert loads_trip(data).entries[0].title == dots


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (f"{_key(3000, 'bogus')} = 1\n".encode() + HEAD, f"1: {DEEP}"),
        (f"{_key(100_000, 'bogus')} = 1\n".encode() + HEAD, f"1: {DEEP}"),
        (HEAD + f"[{_key(3000)}]\n".encode(), f"6: {DEEP}"),
        # each key and the nesting within its own limit, 3,800 levels of tables in all,
        # and an error (the unknown key `x`) whose line must be found without them
        (
            b"x = "
            + (("{" + _key(MAX_KEY_PARTS - 1, "a") + " = ") * 60).encode()
            + b"1"
            + b"}" * 60
            + b"\n"
            + HEAD,
            "1: top level: unknown key 'x'",
        ),
    ],
    ids=["3000", "100000", "header-3000", "nested-dotted"],
)
def test_deep_keys_answer_with_one_line_in_a_process_that_survives(
    data: bytes, expected: str
) -> None:
    """toml-rs overflowed the C stack here (a segmentation fault): run in a child
    process, so a regression fails this test instead of killing the test run."""
    done = subprocess.run(
        [sys.executable, "-m", "tripplan", "validate", "-"],
        input=data,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr[-500:]
    assert done.stdout == b""
    assert assert_one_clean_line(done.stderr.decode()) == f"tripplan: <stdin>:{expected}"


def test_zones_after_many_unknown_ones_are_still_found() -> None:
    """After a few unknown names the loader looks zones up in the database's list rather
    than on disk: links and odd names of the database must still be found."""
    bad = "".join(f'[places.bad{i}]\ntz = "Mars/Crater{i}"\n' for i in range(30))
    good = ["US/Central", "EST5EDT", "Japan", "Etc/GMT+5", "UTC", "America/Argentina/Salta"]
    places = "".join(f'[places.good{i}]\ntz = "{tz}"\n' for i, tz in enumerate(good))
    with pytest.raises(TripFileError) as caught:
        loads_trip(b'[trip]\ntitle = "t"\n' + (bad + places).encode())
    assert [e.entry for e in caught.value.errors] == [f"[places.bad{i}]" for i in range(30)]
    assert {
        p.tz for p in loads_trip(b'[trip]\ntitle = "t"\n' + places.encode()).places.values()
    } == set(good)


def test_suggestions_for_the_first_unknown_zone_names_only() -> None:
    misspelt = "".join(f'[places.a{i}]\ntz = "Asia/Seol"\n' for i in range(MAX_ZONE_HINTS + 5))
    others = "".join(
        f'[places.b{i}]\ntz = "Asia/Seou{chr(97 + i % 26)}{i}"\n' for i in range(MAX_ZONE_HINTS)
    )
    with pytest.raises(TripFileError) as caught:
        loads_trip(b'[trip]\ntitle = "t"\n' + (misspelt + others).encode())
    messages = [e.message for e in caught.value.errors]
    # the same name keeps its suggestion however often it comes
    assert messages[: MAX_ZONE_HINTS + 5] == [
        "unknown time zone 'Asia/Seol' (did you mean 'Asia/Seoul'?)"
    ] * (MAX_ZONE_HINTS + 5)
    hinted = [m for m in messages[MAX_ZONE_HINTS + 5 :] if "did you mean" in m]
    assert len(hinted) == MAX_ZONE_HINTS - 1  # one suggestion went to 'Asia/Seol'
