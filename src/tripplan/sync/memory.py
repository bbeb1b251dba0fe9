"""What the last push saw of a collection, kept for the next one: a cache, never the truth.

A push with nothing to change should cost little more than reading the trip. Without
this, it reads every object's calendar data (one REPORT: Radicale takes 1.7 s for 10,000)
and builds every event's calendar to compare (2.4 s). With it:

- the server is asked what changed since the last push's sync token (one sync-collection
  REPORT, RFC 6578: nothing, when nothing did), or, where it cannot say, for every
  object's ETag (one PROPFIND); an object whose ETag is the one the last push saw holds
  what it held then (a strong ETag changes with the content, RFC 9110 8.8.3), so only the
  others' data is asked for (one calendar-multiget);
- an entry whose source (`source_digest`: its fields, its zones' rules, the trip's UID
  domain, tripplan's version) is the one the last push wrote has the content it had then,
  so its calendar is built only when it must be written.

Everything is checked as before: a server-side edit changes the ETag, so the object is read
and its X-TRIPPLAN-HASH compared. A memory that is missing, unreadable, of another version or
for another URL is no memory: the push reads everything, as the first one does. It lives in
`$XDG_STATE_HOME/tripplan/push/` (default `~/.local/state`), one JSON file per collection
URL (named by its hash; credentials are never in it), written atomically after each push;
a memory that cannot be written is skipped without a word (the next push reads everything).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tripplan.sync.content import Held
from tripplan.version import __version__

if TYPE_CHECKING:
    from tripplan.model import AnyEntry

_FORMAT = 2
STATE_VARIABLE = "XDG_STATE_HOME"


@dataclass
class Memory:
    """The objects the last push left (by href: their ETag and what they held) and what
    it wrote for each UID (the entry's source digest and the content's hash); `token`, the
    collection's sync token when `objects` were all its members (else None)."""

    url: str
    path: Path | None = None
    objects: dict[str, Held] = field(default_factory=dict)
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)
    token: str | None = None
    scheme: str | None = None  # the authentication the server took (`basic`, `digest`)

    def held(self, href: str, etag: str | None) -> Held | None:
        """What the object at `href` holds, if its strong ETag is the one remembered."""
        known = self.objects.get(href)
        if known is None or not etag or etag.startswith("W/") or known.etag != etag:
            return None
        return known

    def digest(self, uid: str, source: str) -> str | None:
        """The content's hash written last for `uid`, if its entry's source is the same."""
        kept = self.sources.get(uid)
        return kept[1] if kept is not None and kept[0] == source else None


def recall(url: str, environ: Mapping[str, str]) -> Memory:
    """The memory of the collection at `url`, or an empty one."""
    path = _path(url, environ)
    memory = Memory(url, path)
    if path is None:
        return memory
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT or data.get("version") != __version__:
            return memory
        if data.get("url") != url:
            return memory
        memory.objects = {href: Held(href, *_held(item)) for href, item in data["objects"].items()}
        memory.sources = {uid: (s, d) for uid, (s, d) in data["sources"].items()}
        token = data.get("token")
        memory.token = token if isinstance(token, str) and token else None
        scheme = data.get("scheme")
        memory.scheme = scheme if scheme in ("basic", "digest") else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return Memory(url, path)
    return memory


def _held(item: list[Any]) -> tuple[Any, ...]:
    etag, uids, trip, stored, digest, sequence = item
    return etag, tuple(uids), trip, stored, digest, int(sequence)


def keep(memory: Memory) -> None:
    """Write the memory (atomically: a file next to it, then renamed); never fails."""
    if memory.path is None:
        return
    data = {
        "format": _FORMAT,
        "version": __version__,
        "url": memory.url,
        "objects": {
            h.href: [h.etag, list(h.uids), h.trip, h.stored, h.digest, h.sequence]
            for h in memory.objects.values()
        },
        "sources": {uid: list(pair) for uid, pair in memory.sources.items()},
        "token": memory.token,
        "scheme": memory.scheme,
    }
    try:
        memory.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = memory.path.with_name(f".{memory.path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        temporary.replace(memory.path)
    except OSError:
        return


def _path(url: str, environ: Mapping[str, str]) -> Path | None:
    state = environ.get(STATE_VARIABLE)
    if not state:
        home = environ.get("HOME")
        if not home:
            return None
        state = str(Path(home) / ".local" / "state")
    name = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return Path(state) / "tripplan" / "push" / f"{name}.json"


def source_digest(entry: AnyEntry, domain: str) -> str:
    """What an entry's event is made from: its fields (the dataclass's repr: every value,
    places by id, name and zone name), the rules of its zones (their files' bytes) and
    the trip's UID domain, with tripplan's version (a new one may word an event anew)."""
    parts = [__version__, domain, repr(entry)]
    parts += [_zone_rules(place.tz) for place in (entry.start_place, entry.end_place)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@cache
def _zone_rules(key: str) -> str:
    """A digest of the zone's TZif file, where zoneinfo reads it (TZPATH, then tzdata)."""
    import zoneinfo

    for root in zoneinfo.TZPATH:
        path = Path(root) / key
        if path.is_file():
            return hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        from importlib.resources import files

        data = files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()
    except (ImportError, OSError, ValueError):
        return key  # no file to read: the name alone
    return hashlib.sha256(data).hexdigest()
