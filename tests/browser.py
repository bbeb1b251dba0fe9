"""Debian's Chromium, headless, driven by Playwright, for the tests that open the booklet
and the timeline in a real browser.

Playwright never downloads a browser here: it launches /usr/bin/chromium (`.ci/run`
installs it). Outside CI a missing browser skips those tests and says why; under CI=true
it fails them, so CI cannot pass without having looked.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("TRIPPLAN_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless",
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def need_browser() -> None:
    """Skip (outside CI) or fail (CI=true) when there is no browser to drive."""
    why = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        why = "Playwright is not installed (pip install -e '.[test]')"
    if why is None and not CHROMIUM.exists():
        why = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if why is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser tests: {why}")
    pytest.skip(why)


@contextmanager
def chromium() -> Iterator[Any]:
    """A fresh headless Chromium (its own profile directory, removed afterwards)."""
    need_browser()
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="tripplan-chromium-")
    try:
        with sync_playwright() as driver:
            context = driver.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=FLAGS,
                viewport={"width": 800, "height": 600},
                java_script_enabled=True,  # so that a script that got through would run
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def mm_to_px(mm: float) -> int:
    """CSS pixels: 96 to the inch."""
    return round(mm * 96 / 25.4)


# Every laid-out element whose box leaves the page's width (or starts left of it): the
# page's content box is the viewport, at print media.
OUTSIDE_THE_PAGE = """
(width) => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -0.5 || r.right > width + 0.5) {
      out.push(`${el.tagName}.${el.getAttribute('class')}: ${r.left.toFixed(1)}..${r.right.toFixed(1)} of ${width}`);
    }
  }
  const page = document.scrollingElement;
  if (page.scrollWidth > width + 0.5) out.push(`document scrolls: ${page.scrollWidth} > ${width}`);
  return out;
}
"""
