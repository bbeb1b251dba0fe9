"""An entry's revision: `sequence`, the number calendar clients compare to take a newer
version of an event (RFC 5545 3.8.7.4). Every edit that changes what a calendar shows of
an entry raises it by one, writing `sequence = 1` on its first change (cli.md 1.1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tomlkit.items import Table

SEQUENCE = "sequence"


def raise_sequence(item: Table) -> None:
    """One more revision of the entry `item` is (its sequence, 0 when it has none)."""
    item[SEQUENCE] = revision(item) + 1


def revision(item: Any) -> int:
    """The entry's `sequence` as its table writes it (0 when it has none)."""
    value = item.get(SEQUENCE, 0)
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else 0
