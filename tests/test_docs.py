"""The README and docs show real output: every ```console block that runs tripplan is run
again here and must match. TRIPPLAN_UPDATE_GOLDEN=1 rewrites the blocks."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from helpers import ROOT, tripplan

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```console\n\$ (tripplan [^\n]*)\n(.*?)```", re.S)
UPDATE = os.environ.get("TRIPPLAN_UPDATE_GOLDEN") == "1"


def shown(command: str) -> str:
    """What the docs show for a command: its output at 100 columns, trailing spaces cut."""
    command, _, head = command.partition(" | head -")
    result = tripplan(*shlex.split(command)[1:], width=100)
    lines = [line.rstrip() for line in (result.out or result.err).splitlines()]
    if head:
        lines = lines[: int(head)]
    return "\n".join(lines).strip("\n") + "\n"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_console_blocks_show_real_output(doc: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = doc.read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    if UPDATE:
        for command, body in blocks:
            text = text.replace(f"$ {command}\n{body}", f"$ {command}\n{shown(command)}", 1)
        doc.write_text(text, encoding="utf-8")
    for command, body in blocks:
        assert body == shown(command), f"{doc.name}: {command}"
