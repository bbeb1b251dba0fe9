"""`add traveller` and `cancel traveller`: the trip's travellers, [people] details, and the
`who` of the entries that name them (cli.md 1.1)."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from helpers import SAMPLE, assert_one_clean_line, tripplan
from tripplan.load import load_trip


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    copy = tmp_path / "trip.toml"
    shutil.copyfile(SAMPLE, copy)
    return copy


def document(path: Path) -> dict:  # type: ignore[type-arg]
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_a_traveller_is_added_with_their_details(sample: Path) -> None:
    old = sample.read_text(encoding="utf-8")
    result = tripplan(
        "add", "traveller", sample, "aide", "--name", "Kim Ji-won", "--email", "aide@example.org"
    )
    assert result.code == 0, result.err
    assert result.err.splitlines() == [
        f"tripplan: {sample}: added traveller 'aide'",
        "tripplan: note: 10 entries without `who` are everyone's: 'aide' now takes part in them",
    ]
    new = sample.read_text(encoding="utf-8")
    # Two changes only: the travellers array, and a [people.aide] table after [trip].
    expected = old.replace(
        'travellers = ["mayor", "delegation"]\nbuffer = "90m"\n',
        'travellers = ["mayor", "delegation", "aide"]\nbuffer = "90m"\n\n'
        '[people.aide]\nname = "Kim Ji-won"\nemail = "aide@example.org"\n',
    )
    assert new == expected
    trip = load_trip(str(sample))
    assert trip.travellers == ("mayor", "delegation", "aide")
    assert (trip.people["aide"].name, trip.people["aide"].email) == (
        "Kim Ji-won",
        "aide@example.org",
    )
    assert all("aide" in e.who for e in trip.entries)  # no `who`: everyone's


def test_added_and_cancelled_leaves_the_file_as_it_was(sample: Path) -> None:
    old = sample.read_bytes()
    assert tripplan("add", "traveller", sample, "aide", "--email", "a@example.org").code == 0
    result = tripplan("cancel", "traveller", sample, "aide")
    assert result.code == 0, result.err
    assert result.err == f"tripplan: {sample}: cancelled traveller 'aide'\n"
    assert sample.read_bytes() == old


def test_a_cancelled_traveller_leaves_the_who_of_entries_they_shared(sample: Path) -> None:
    tripplan("add", "traveller", sample, "aide")
    tripplan("set", sample, "la-mou", "who", "mayor,aide")
    before = document(sample)["events"][0]
    result = tripplan("cancel", "traveller", sample, "aide")
    assert result.code == 0, result.err
    assert "tripplan: note: taken out of the `who` of la-mou\n" in result.err
    after = document(sample)
    mou = next(e for e in after["events"] if e["id"] == "la-mou")
    assert mou["who"] == ["mayor"]
    assert mou["sequence"] == before["sequence"] + 1  # a calendar shows who takes part
    assert after["trip"]["travellers"] == ["mayor", "delegation"]


def test_a_traveller_an_entry_names_alone_is_not_cancelled(sample: Path) -> None:
    tripplan("add", "traveller", sample, "aide")
    tripplan("set", sample, "la-mou", "who", "aide")
    tripplan("set", sample, "am649", "who", "aide", "--force")  # a broken chain for aide
    old = sample.read_bytes()
    result = tripplan("cancel", "traveller", sample, "aide")
    assert result.code == 2
    assert assert_one_clean_line(result.err) == (
        f"tripplan: {sample}: nothing written: 'aide' is alone in la-mou, am649: cancel those"
        " entries, or give them other travellers first"
    )
    assert sample.read_bytes() == old


def test_the_first_traveller_of_a_trip_without_travellers(write_trip) -> None:  # type: ignore[no-untyped-def]
    path = write_trip('[trip]\ntitle = "T"\n\n[places.la]\ntz = "America/Los_Angeles"\n')
    assert tripplan("add", "traveller", path, "mayor").code == 0
    assert path.read_text() == (
        '[trip]\ntitle = "T"\ntravellers = ["mayor"]\n\n[places.la]\ntz = "America/Los_Angeles"\n'
    )


REFUSED = [
    (("add", "traveller", "TRIP", "mayor"), "TRIP: nothing written: the traveller 'mayor' exists already"),
    (("add", "traveller", "TRIP", " x"), "TRIP: nothing written: ' x' is not a traveller's name: no blanks around it"),
    (("cancel", "traveller", "TRIP", "mayr"),
     "TRIP: nothing written: no traveller is named 'mayr' (did you mean 'mayor'?)"
     " (travellers: mayor, delegation)"),
    (("cancel", "TRIP", "la-mou", "extra"), None),  # the usage error: an extra argument
]  # fmt: skip


@pytest.mark.parametrize(("args", "line"), REFUSED, ids=lambda v: str(v)[:30])
def test_refusals_write_nothing(sample: Path, args: tuple[str, ...], line: str | None) -> None:
    old = sample.read_bytes()
    result = tripplan(*(str(sample) if a == "TRIP" else a for a in args))
    assert result.code == 2
    if line is not None:
        assert assert_one_clean_line(result.err) == "tripplan: " + line.replace("TRIP", str(sample))
    else:
        assert "got an extra argument 'extra': cancel FILE ID" in result.err
    assert sample.read_bytes() == old


def test_a_travellers_details_are_set(sample: Path) -> None:
    """`set mayor email ADDR`: the [people.mayor] table, made on the first detail."""
    old = sample.read_text(encoding="utf-8")
    first = tripplan("set", sample, "mayor", "email", "mayor@seoul.go.kr")
    assert first.code == 0, first.err
    assert first.err == f"tripplan: {sample}: set email of traveller 'mayor' to mayor@seoul.go.kr\n"
    assert tripplan("set", sample, "mayor", "name", "Oh Se-hoon").code == 0
    assert sample.read_text(encoding="utf-8") == old.replace(
        'buffer = "90m"\n',
        'buffer = "90m"\n\n[people.mayor]\nemail = "mayor@seoul.go.kr"\nname = "Oh Se-hoon"\n',
    )
    person = load_trip(str(sample)).people["mayor"]
    assert (person.name, person.email) == ("Oh Se-hoon", "mayor@seoul.go.kr")
    typo = tripplan("set", sample, "mayr", "email", "x@example.org")
    assert assert_one_clean_line(typo.err) == (
        f"tripplan: {sample}: nothing written: no entry or place has the id 'mayr'"
        " (did you mean 'mayor'?) ([trip] names the trip)"
    )
