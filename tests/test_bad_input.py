"""The bad-input corpus: every file in trips/bad/ is refused with exit 2 and one line on
standard error per error, the first naming the file, the entry and the line that
EXPECTED.toml gives for it.
Files that cannot be committed (a directory, a missing or unreadable file, 50 MB) are
made here, in the test's own temporary directory."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from helpers import TRIPS, assert_one_clean_line, tripplan
from tripplan.errors import TripFileError
from tripplan.load import MAX_FILE_BYTES, load_trip, loads_trip

BAD = TRIPS / "bad"
ODD = TRIPS / "odd"
EXPECTED: dict[str, dict[str, object]] = tomllib.loads(
    (BAD / "EXPECTED.toml").read_text(encoding="utf-8")
)
COMMANDS = ["validate", "itinerary", "agenda", "check"]
VALID = b'[trip]\ntitle = "t"\n[places.a]\ntz = "UTC"\n'


def _prefix(file: str, expect: dict[str, object]) -> str:
    line = expect.get("line")
    prefix = f"tripplan: {file}:{line}: " if line else f"tripplan: {file}: "
    entry = expect.get("entry")
    return prefix + f"{entry}: " if entry else prefix


def test_every_bad_file_has_an_expectation() -> None:
    files = {p.stem for p in BAD.iterdir() if p.name != "EXPECTED.toml"}
    assert files == set(EXPECTED)
    assert len(files) >= 40


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_refused_with_file_entry_and_line(name: str, command: str) -> None:
    path = str(BAD / f"{name}.toml")
    expect = EXPECTED[name]
    result = tripplan(*[command, path])
    assert result.code == 2
    assert result.out == ""
    line = _first_of_clean_lines(result.err, expect)
    assert line.startswith(_prefix(path, expect)), line
    assert str(expect["message"]) in line


def _more(expect: dict[str, object]) -> int:
    """How many errors the file has after its first."""
    more = expect.get("more", 0)
    assert isinstance(more, int)
    return more


def _first_of_clean_lines(err: str, expect: dict[str, object]) -> str:
    """The first line of standard error, after checking it holds one clean line per error."""
    lines = err.splitlines(keepends=True)
    assert len(lines) == 1 + _more(expect), err
    first, *_ = [assert_one_clean_line(line) for line in lines]  # every line checked
    return first


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_raises_trip_file_error_with_the_line(name: str) -> None:
    with pytest.raises(TripFileError) as caught:
        load_trip(str(BAD / f"{name}.toml"))
    assert caught.value.line == EXPECTED[name].get("line")
    assert caught.value.entry == EXPECTED[name].get("entry")
    assert len(caught.value.errors) == 1 + _more(EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_standard_input_names_itself(name: str) -> None:
    result = tripplan(*["validate", "-"], stdin=(BAD / f"{name}.toml").read_bytes())
    assert result.code == 2
    line = _first_of_clean_lines(result.err, EXPECTED[name])
    assert line.startswith(_prefix("<stdin>", EXPECTED[name])), line


# -- valid but odd: accepted on purpose ---------------------------------------------------


@pytest.mark.parametrize("path", sorted(ODD.glob("*.toml")), ids=lambda p: p.stem)
def test_odd_but_valid_file_is_accepted_and_renders(path: Path) -> None:
    assert tripplan(*["validate", str(path)]).code == 0
    for args in (["itinerary"], ["agenda"], ["itinerary", "--json"], ["agenda", "--json"]):
        result = tripplan(*[*args, str(path)])
        assert (result.code, result.err) == (0, ""), args
    assert tripplan(*["check", str(path)]).code in (0, 1)


def test_bom_prefixed_trip_reads_as_without_the_mark() -> None:
    data = (ODD / "bom_prefixed.toml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    with_mark = loads_trip(data, "f")
    without = loads_trip(data[3:], "f")
    assert with_mark == without


def test_legacy_zone_links_resolve_to_their_target_rules() -> None:
    trip = load_trip(str(ODD / "legacy_zone_links.toml"))
    assert {p.tz for p in trip.places.values()} == {"EST5EDT", "US/Central", "Japan"}
    meeting = next(e for e in trip.entries if e.title == "Meeting")
    assert meeting.start.isoformat() == "2010-11-16T19:00:00+00:00"  # 13:00 CST


def test_x_keys_are_ignored_everywhere() -> None:
    trip = load_trip(str(ODD / "x_extension_keys.toml"))
    assert [e.title for e in trip.entries] == ["Lunch"]


# -- made at test time --------------------------------------------------------------------


def _refused(path: str, fragment: str) -> str:
    result = tripplan(*["validate", path])
    assert result.code == 2
    line = assert_one_clean_line(result.err)
    assert line.startswith(f"tripplan: {path}: "), line
    assert fragment in line
    return line


def test_directory_instead_of_file(tmp_path: Path) -> None:
    _refused(str(tmp_path), "is a directory")


def test_missing_file(tmp_path: Path) -> None:
    _refused(str(tmp_path / "nowhere.toml"), "no such file")


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.toml"
    path.write_bytes(VALID)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # root reads anything: nothing to test
            pytest.skip("running with privileges that read a mode-000 file")
        _refused(str(path), "permission denied")
    finally:
        path.chmod(0o600)


def test_file_name_with_control_characters_stays_one_line(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[31m\nname.toml"
    path.write_bytes(b"")
    result = tripplan(*["validate", str(path)])
    assert result.code == 2
    line = assert_one_clean_line(result.err)
    assert "evil\\x1b[31m\\nname.toml" in line


def test_fifty_megabyte_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(50 * 1024 * 1024)
    assert path.stat().st_size > MAX_FILE_BYTES
    _refused(str(path), "larger than 40 MiB")


def test_fifty_megabytes_on_standard_input_is_refused() -> None:
    class Endless:
        """A stream of junk that never ends: the loader must stop reading by itself."""

        read_total = 0

        def read(self, size: int = -1) -> bytes:
            assert size > 0, "the loader asked for everything"
            Endless.read_total += size
            return b"#" * size

    result = tripplan(*["validate", "-"], stdin=Endless())  # type: ignore[arg-type]
    assert result.code == 2
    assert "larger than 40 MiB" in assert_one_clean_line(result.err)
    assert Endless.read_total == MAX_FILE_BYTES + 1
