"""Any sequence of edits (without --force): the file loads after each, the entries it did
not touch resolve to the same instants, its bytes outside the edited entry are unchanged
(the oracle is test_edit.spans, which finds entries without tripplan's edit code), an
edit that exits 1 wrote nothing, no edit leaves an error the file did not have (as
`tripplan check --json` reports them), and no entry's `sequence` (read with tomllib) goes
down."""

from __future__ import annotations

import json
import tempfile
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import SAMPLE, tripplan
from test_edit import assert_only_changed
from tripplan.load import load_trip
from tripplan.model import Trip

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=30,
).filter(lambda text: bool(text.strip()))
WALL = st.datetimes(datetime(2010, 11, 12), datetime(2010, 11, 27)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)
SHIFT = st.integers(-4 * 24 * 4, 4 * 24 * 4).filter(bool).map(lambda n: timedelta(minutes=15 * n))
# A time as people type it: with a date or without (the value's own date), 24 h or am/pm.
TYPED = st.one_of(
    WALL.map(lambda moment: f"{moment:%Y-%m-%d %H:%M}"),
    st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 23), st.integers(0, 59)),
    st.builds(lambda h, half: f"{h}{half}", st.integers(1, 12), st.sampled_from(["am", "pm"])),
)
LAYOUT = st.sampled_from([b"", b"crlf", b"\xef\xbb\xbfcrlf"])


def spans_of(trip: Trip) -> dict[str, tuple[object, object]]:
    return {entry.id: (entry.start, entry.end) for entry in trip.entries}


def shift_text(shift: timedelta) -> str:
    minutes = int(shift.total_seconds()) // 60
    return ("-" if minutes < 0 else "") + f"{abs(minutes)}m"


@st.composite
def edit(draw: st.DrawFn, trip: Trip) -> tuple[tuple[str, ...], str, str]:
    """One valid edit of `trip`: (arguments after the command's FILE, edited id, how)."""
    ids = [entry.id for entry in trip.entries]
    places = sorted(trip.places)
    kinds = ["set", "move", "add event", "add travel"] + (["cancel"] if len(ids) > 1 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "set":
        entry = trip.entries[draw(st.integers(0, len(ids) - 1))]
        times = ["depart", "arrive"] if entry.type == "travel" else ["start", "end", "duration"]
        key = draw(st.sampled_from(["title", "venue", "notes", *([] if entry.all_day else times)]))
        if key == "duration":
            return ("set", entry.id, key, f"{draw(st.integers(1, 600))}m"), entry.id, "set"
        if key in times:
            return ("set", entry.id, key, draw(TYPED)), entry.id, "set"
        return ("set", "--", entry.id, key, draw(TEXT)), entry.id, "set"
    if kind == "cancel":
        ident = draw(st.sampled_from(ids))
        return ("cancel", ident), ident, "cancel"
    if kind == "move":
        entry = trip.entries[draw(st.integers(0, len(ids) - 1))]
        if entry.all_day:
            days = draw(st.integers(-3, 3).filter(bool))
            return ("move", entry.id, "--by", f"{days}d"), entry.id, "set"
        if draw(st.booleans()):
            return ("move", entry.id, "--by", shift_text(draw(SHIFT))), entry.id, "set"
        to = draw(WALL).strftime(draw(st.sampled_from(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"])))
        return ("move", entry.id, "--to", to), entry.id, "set"
    ident = f"new-{len(ids)}-{draw(st.integers(0, 999))}"
    if ident in ids:
        ident += "-b"
    start = draw(WALL)
    if kind == "add event":
        args = ("add", "event", "--title", draw(TEXT), "--place", draw(st.sampled_from(places)),
                "--start", f"{start:%Y-%m-%d %H:%M}", "--duration", f"{draw(st.integers(1, 600))}m",
                "--id", ident)  # fmt: skip
        return args, ident, "add"
    arrive = start + timedelta(minutes=draw(st.integers(30, 900)))
    args = ("add", "travel", "--title", draw(TEXT), "--from", draw(st.sampled_from(places)),
            "--to", draw(st.sampled_from(places)), "--depart", f"{start:%Y-%m-%d %H:%M}",
            "--arrive", f"{arrive:%Y-%m-%d %H:%M}", "--id", ident)  # fmt: skip
    return args, ident, "add"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(layout=LAYOUT, data=st.data())
def test_any_sequence_of_edits_keeps_the_rest_of_the_file(
    layout: bytes, data: st.DataObject
) -> None:
    original = SAMPLE.read_bytes()
    if layout.endswith(b"crlf"):
        original = layout.removesuffix(b"crlf") + original.replace(b"\n", b"\r\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trip.toml"
        path.write_bytes(original)
        for _ in range(data.draw(st.integers(1, 5), label="edits")):
            before = load_trip(str(path))
            args, ident, how = data.draw(edit(before), label="edit")
            old = path.read_bytes()
            command = (
                (*args[:2], path, *args[2:]) if args[0] == "add" else (args[0], path, *args[1:])
            )
            errors = error_findings(path)
            sequences = sequences_of(path)
            result = tripplan(*command)
            assert result.code in (0, 1), result.err
            new = path.read_bytes()
            if result.code == 1:  # it would add an error: nothing written, and said so
                assert new == old
                assert "nothing written: the edit adds an error (--force writes it)" in result.err
                continue
            assert_only_changed(old, new, ident, how)
            if layout.endswith(b"crlf"):
                assert new.count(b"\n") == new.count(b"\r\n")
            after = load_trip(str(path))
            assert error_findings(path) <= errors
            for entry, sequence in sequences_of(path).items():
                assert sequence >= sequences.get(entry, 0), entry
            kept, now = spans_of(before), spans_of(after)
            for other in set(kept) - {ident}:
                assert now[other] == kept[other], other
            if args[0] == "move":  # the entry keeps its length
                (s0, e0), (s1, e1) = kept[ident], now[ident]
                assert e1 - s1 == e0 - s0  # type: ignore[operator]


def error_findings(path: Path) -> set[tuple[str, frozenset[str]]]:
    """The file's error-severity findings by code and entries, as `check --json` says."""
    report = json.loads(tripplan("check", path, "--json").out)
    return {
        (f["code"], frozenset(f["entries"])) for f in report["findings"] if f["severity"] == "error"
    }


def sequences_of(path: Path) -> dict[str, int]:
    """Each entry's `sequence` as the file writes it (tomllib, not tripplan's reader)."""
    document = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    return {
        item["id"]: item.get("sequence", 0)
        for table in ("events", "travel")
        for item in document.get(table, [])
        if "id" in item
    }
