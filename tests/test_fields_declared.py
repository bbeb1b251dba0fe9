"""A new key is one declaration in fields.py: the loader reads it, `--json` writes it, `diff`
compares it and `set` changes it, and no other module names it. The test declares a key no
code knows (`dress`, the dress code of an event) by replacing fields.EVENTS alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import tripplan
from tripplan import fields, loads_trip

TRIP = """\
[trip]
title = "Dress codes"

[places.la]
tz = "America/Los_Angeles"

[[events]]
id = "gala"
title = "Gala dinner"
place = "la"
start = 2010-11-16T19:00:00
end = 2010-11-16T22:00:00
dress = "{dress}"
"""


@pytest.fixture
def dress(monkeypatch: pytest.MonkeyPatch) -> fields.Key:
    key = fields.Key("dress", fields.Kind.TEXT, "the dress code", settable=True)
    events = fields.Table(fields.EVENTS.name, fields.EVENTS.header, (*fields.EVENTS.keys, key))
    monkeypatch.setattr(fields, "EVENTS", events)
    return key


def _write(tmp_path: Path, name: str, dress: str) -> Path:
    path = tmp_path / name
    path.write_text(TRIP.format(dress=dress))
    return path


def test_an_undeclared_key_is_refused(tmp_path: Path) -> None:
    """Without the declaration the key is unknown: what the declaration changes."""
    result = tripplan("validate", _write(tmp_path, "trip.toml", "black tie"))
    assert result.code == 2
    assert "unknown key 'dress'" in result.err


def test_a_declared_key_is_loaded(dress: fields.Key) -> None:
    trip = loads_trip(TRIP.format(dress="black tie").encode())
    (gala,) = trip.entries
    assert gala.value("dress") == "black tie"
    assert fields.value_of(gala, dress) == "black tie"


def test_a_declared_key_is_checked_by_its_kind(dress: fields.Key, tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    path.write_text(TRIP.replace('dress = "{dress}"', "dress = 3"))
    result = tripplan("validate", path)
    assert result.code == 2
    assert "`dress` must be a string, not an integer" in result.err


def test_a_declared_key_is_in_json(dress: fields.Key, tmp_path: Path) -> None:
    result = tripplan("itinerary", "--json", _write(tmp_path, "trip.toml", "black tie"))
    assert result.code == 0, result.err
    (entry,) = result.json()["entries"]
    assert entry["dress"] == "black tie"
    assert entry["id"] == "gala" and entry["start_utc"] == "2010-11-17T03:00:00Z"


def test_a_declared_key_is_compared_by_diff(dress: fields.Key, tmp_path: Path) -> None:
    old = _write(tmp_path, "old.toml", "black tie")
    new = _write(tmp_path, "new.toml", "business")
    result = tripplan("diff", "--json", old, new)
    assert result.code == 1, result.err
    document = result.json()
    assert document["changed"] == [{"id": "gala", "fields": {"dress": ["black tie", "business"]}}]
    assert document["moved"] == [] and document["added"] == [] and document["cancelled"] == []


def test_a_settable_declared_key_is_set_by_command(dress: fields.Key, tmp_path: Path) -> None:
    path = _write(tmp_path, "trip.toml", "black tie")
    before = path.read_text()
    result = tripplan("set", path, "gala", "dress", "business")
    assert result.code == 0, result.err
    assert path.read_text() == before.replace('dress = "black tie"', 'dress = "business"')
