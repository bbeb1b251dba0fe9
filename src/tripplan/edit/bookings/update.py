"""An entry a booking made before, brought to what the booking says now: each key that
differs set as `set` sets it (its `sequence` raised), the times moved as `move` moves
them; nothing written when nothing differs (a second import leaves the file as it was)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from tripplan import fields
from tripplan.timing import resolve_local

if TYPE_CHECKING:
    from tripplan.edit.editor import Editor
    from tripplan.model import AnyEntry


def update_entry(
    editor: Editor, entry: AnyEntry, spec: dict[str, Any], who: list[str] | None
) -> bool:
    """Set what differs of `entry` to `spec` (the entry the booking makes now; `who`:
    its travellers, None: keep the entry's own); whether anything did."""
    table = fields.entry_table(entry.table)
    first, last = table.times
    changed = False
    for name, wanted in spec.items():
        key = table.key(name)
        if name in (first, last, "uid", "who", "id") or key is None:
            continue
        held = fields.plain(fields.value_of(entry, key))
        if (held or None) != (wanted or None):
            editor.set_value(entry.id, name, str(wanted))
            changed = True
    if who is not None and set(who) != set(entry.who):
        editor.set_value(entry.id, "who", ",".join(who))
        changed = True
    now = editor.entry(entry.id)  # as the edits above left it (its place's zone)
    start = _instant(spec[first], now.start_place.zone)
    end = _instant(spec[last], now.end_place.zone) if last in spec else None
    if (
        isinstance(start, datetime)
        and isinstance(end, datetime)
        and (start, end) != (now.start, now.end)
    ):
        editor.retime(now, start, end)
        changed = True
    return changed


def _instant(value: Any, zone: Any) -> datetime | date:
    """A TOML item of a time (as _written made it) as the loader reads it."""
    moment = value.unwrap() if hasattr(value, "unwrap") else value
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            return resolve_local(moment, zone).instant
        return moment.astimezone(UTC)
    return moment  # type: ignore[no-any-return]
