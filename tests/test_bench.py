"""The benchmark's generated trips are trips a user could have: every leg lands after it
leaves and every chain holds, so peers (khal, calcurse) and the export can take them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from helpers import ROOT, tripplan


def test_generated_trips_have_no_impossible_entries(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = bench
    spec.loader.exec_module(bench)
    trip = bench.generate(1_000, tmp_path)
    findings = tripplan("check", "--json", trip).json()["findings"]
    codes = {f["code"] for f in findings}
    assert codes == {"overlap"}  # the meetings made to run into the next, nothing else
    assert tripplan("export", "ics", trip).code == 0
