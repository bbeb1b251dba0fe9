"""The marks a table of entries puts before a row: `!` for an entry with an error finding,
`?` for one with warnings only (the worst wins), and the line under the table naming the
codes of the rows it marked; `tripplan check` says the rest.

The findings are the checks' (`tripplan.checks.check_trip`), computed once per command and
handed here; nothing here checks anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tripplan.lang import _
from tripplan.render.printer import Cell, Line, Printer, cell_len

if TYPE_CHECKING:
    from tripplan.model import Finding

ERROR: Cell = ("!", "bold red")
WARNING: Cell = ("?", "yellow")
NONE: Cell = ("", None)
NBSP = "\u00a0"


@dataclass(frozen=True, slots=True)
class Marks:
    """Each entry's findings, by entry id: (severity, code) in the order found."""

    by_entry: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Marks:
        by_entry: dict[str, list[tuple[str, str]]] = {}
        for finding in findings:
            for entry_id in dict.fromkeys(finding.entry_ids):
                said = (finding.severity, finding.code)
                codes = by_entry.setdefault(entry_id, [])
                if said not in codes:
                    codes.append(said)
        return cls(by_entry)

    def mark(self, entry_id: str) -> Cell:
        """`!`, `?` or nothing, styled as `check` styles the severity."""
        found = self.by_entry.get(entry_id)
        if not found:
            return NONE
        return ERROR if any(severity == "error" for severity, _code in found) else WARNING

    def any(self, entry_ids: Iterable[str]) -> bool:
        return any(entry_id in self.by_entry for entry_id in entry_ids)

    def legend(self, printer: Printer, entry_ids: Sequence[str]) -> list[Line]:
        """The line under a table naming the codes of the rows shown (how many rows each
        marks), errors then warnings, and that `tripplan check` says the rest; none when no
        row is marked. Each part on a line of its own where they do not fit on one."""
        counts: dict[tuple[str, str], int] = {}
        for entry_id in entry_ids:
            for said in self.by_entry.get(entry_id, ()):
                counts[said] = counts.get(said, 0) + 1
        if not counts:
            return []

        def codes(severity: str) -> str:
            # a code and its count are not parted by a line break (a no-break space)
            return ", ".join(
                _("{code} ({n})").format(code=code, n=n).replace(" ", NBSP)
                for (sort, code), n in counts.items()
                if sort == severity
            )

        parts = []
        if errors := codes("error"):
            parts.append(_("! error: {codes}").format(codes=errors))
        if warnings := codes("warning"):
            parts.append(_("? warning: {codes}").format(codes=warnings))
        parts.append(_("tripplan check says the rest."))
        joined = "   ".join(parts)
        if cell_len(joined) <= printer.width:
            return [[(joined.replace(NBSP, " "), None)]]
        lines: list[Line] = []
        for part in parts:  # each on lines of its own, the lines after its first indented
            first, *rest = printer.wrap(part, printer.width)
            lines.append([(first.replace(NBSP, " "), None)])
            rest = printer.wrap(" ".join(rest), max(printer.width - 2, 1)) if rest else []
            lines += [[("  " + piece.replace(NBSP, " "), None)] for piece in rest]
        return lines
