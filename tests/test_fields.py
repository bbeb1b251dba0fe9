"""fields.py is the one declaration of the format's keys: the key list in docs/format.md
and the keys its example uses must agree with it, both ways. TRIPPLAN_UPDATE_GOLDEN=1
rewrites the list from the declaration."""

from __future__ import annotations

import os
import re
import tomllib

from helpers import ROOT
from tripplan import fields

FORMAT = ROOT / "docs" / "format.md"
BEGIN = "<!-- keys: made from src/tripplan/fields.py; tests/test_fields.py checks it -->"
END = "<!-- end of keys -->"
HEADING = "| table | key | kind | required | `set` | meaning |\n|---|---|---|---|---|---|\n"
UPDATE = os.environ.get("TRIPPLAN_UPDATE_GOLDEN") == "1"


def _kind(key: fields.Key) -> str:
    return key.kind.value + (f" (as `{key.follows}`)" if key.follows else "")


def declared_rows() -> dict[tuple[str, str], tuple[str, str, str, str]]:
    return {
        (table.header, key.name): (
            _kind(key),
            "yes" if key.required else "",
            "yes" if key.settable else "",
            key.doc,
        )
        for table in fields.TABLES
        for key in table.keys
    }


def render(rows: dict[tuple[str, str], tuple[str, str, str, str]]) -> str:
    return HEADING + "".join(
        f"| `{table}` | `{key}` | {' | '.join(cells)} |\n" for (table, key), cells in rows.items()
    )


def documented_rows(text: str) -> dict[tuple[str, str], tuple[str, ...]]:
    block = text[text.index(BEGIN) + len(BEGIN) : text.index(END)]
    rows = {}
    for line in block.strip().splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rows[cells[0].strip("`"), cells[1].strip("`")] = tuple(cells[2:])
    return rows


def test_the_docs_key_list_is_the_declaration() -> None:
    text = FORMAT.read_text(encoding="utf-8")
    if UPDATE:
        start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
        text = text[:start] + "\n" + render(declared_rows()) + text[end:]
        FORMAT.write_text(text, encoding="utf-8")
    documented, declared = documented_rows(text), declared_rows()
    assert documented.keys() - declared.keys() == set(), "documented, not declared"
    assert declared.keys() - documented.keys() == set(), "declared, not documented"
    assert documented == declared
    assert list(documented) == list(declared), "in the declaration's order"


def test_the_docs_example_uses_declared_keys_only() -> None:
    text = FORMAT.read_text(encoding="utf-8")
    example = tomllib.loads(re.search(r"```toml\n(.*?)```", text, re.S).group(1))  # type: ignore[union-attr]
    tables = {table.name: table for table in fields.TABLES}
    assert example.keys() <= tables.keys()
    assert example["trip"].keys() <= tables["trip"].names
    for place in example["places"].values():
        assert place.keys() <= tables["places"].names
    for name in ("events", "travel", "lodging"):
        for entry in example[name]:
            assert entry.keys() <= tables[name].names, name
    # and every table of the format is shown
    assert example.keys() == tables.keys()


def test_set_changes_every_key_but_identities_revisions_zones_and_travellers() -> None:
    """`set` changes any key of an entry (times too) and of the trip, but not what an
    entry or the trip is known by, its revisions, a place's zone or the travellers."""
    unsettable = {
        (table.name, key.name) for table in fields.TABLES for key in table.keys if not key.settable
    }
    assert unsettable == {
        ("trip", "id"), ("trip", "travellers"), ("places", "tz"),
        *((t, k) for t in ("events", "travel", "lodging") for k in ("id", "uid", "sequence", "stamp")),
    }  # fmt: skip
    revising = {
        (table.name, key.name) for table in fields.TABLES for key in table.keys if key.revises
    }
    shown = {"title", "who", "notes", "venue", "alarm"}
    assert revising == {
        *(("events", k) for k in (*shown, "place", "start", "end", "duration")),
        *(("travel", k) for k in (*shown, "from", "to", "depart", "arrive")),
        *(
            ("lodging", k)
            for k in ({*shown} - {"venue"} | {"place", "check_in", "check_out", "address"})
        ),
    }
