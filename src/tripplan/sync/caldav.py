"""The server, through the caldav library (RFC 4791): its state in one REPORT, and one
conditional PUT or DELETE per change. Every failure is a ServerError: one line naming the
URL (never its credentials), exit 2.

The writes go through `DAVClient.request`, as its `put` and `delete` do, with the
conditions set here, not `Calendar.save_event` or `Event.save`: for a new object
`save(no_overwrite=True)` first searches the calendar for the UID on servers it has no
hints for (a REPORT per new event), and `save` parses and writes the calendar again where
the bytes to store are already made. The client still does the rest: the session,
authentication (Basic or Digest, as the server asks), TLS and the timeout, and parsing
the multistatus.
"""

from __future__ import annotations

import re
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from tripplan.errors import TripError
from tripplan.sync.account import Credentials

if TYPE_CHECKING:
    from caldav.davclient import DAVClient

# calendar-query (RFC 4791 7.8) for every object holding a VEVENT: its ETag and its data.
_QUERY = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
    "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
    '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/>'
    "</C:comp-filter></C:filter></C:calendar-query>"
)
# PROPFIND (RFC 4918) of every object's ETag alone: what a push that remembers the last
# one asks first (sync/memory.py).
_ETAGS = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>'
)
_RESOURCE_TYPE = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>'
)
_CALENDAR = "{urn:ietf:params:xml:ns:caldav}calendar"
_PATH_SAFE = "/@!$&'()*+,;=:~"  # RFC 3986 pchar, but for unreserved (never encoded)
_SEGMENT_SAFE = "-._~@!$&'()*+,;=:"  # what an escape in a segment stands for as itself
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_ICS = {"Content-Type": "text/calendar; charset=utf-8"}
_SCHEMES = {"HTTPBasicAuth": "basic", "HTTPDigestAuth": "digest"}  # the library's auth classes


class ServerError(TripError):
    """The server refused, failed or could not be reached: one line, exit 2 (`status`:
    the HTTP status it answered, when it answered)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Changes:
    """What a sync-collection REPORT (RFC 6578) said: the collection's new sync token, and
    since the token asked about (none: since nothing, every member) the members changed
    or added, by href with their ETags, and those removed."""

    token: str
    changed: dict[str, str | None]
    removed: frozenset[str]


@dataclass(frozen=True)
class Stored:
    """One object as the REPORT gave it."""

    href: str
    etag: str | None
    data: str


class Collection:
    """A CalDAV calendar collection at `url` (credentials, if any, for its host)."""

    def __init__(
        self,
        url: str,
        credentials: Credentials | None,
        timeout: float,
        scheme: str | None = None,
    ) -> None:
        """`scheme`: the authentication the server took last time (`basic`, `digest`),
        sent with the first request rather than after the server's 401 asks for it."""
        import logging

        from caldav.davclient import DAVClient

        # The library's own warnings ("Deviation from expectations found: ...") would reach
        # standard error through Python's last-resort handler, beside the one line a push
        # says; its debug lines hold the request headers, Authorization among them.
        logging.getLogger("caldav").addHandler(logging.NullHandler())

        self.url = url
        self.own = self.path(url)  # the collection's own href, in the one spelling
        self.credentials = credentials
        self.client: DAVClient = DAVClient(
            url=url,
            username=credentials.user if credentials else None,
            password=credentials.password if credentials else None,
            timeout=timeout,  # type: ignore[arg-type]  # typed int, passed to niquests
            enable_rfc6764=False,  # the URL is the collection's: no discovery
            auth_type=scheme if credentials else None,
        )

    def scheme(self) -> str | None:
        """The authentication the server took (None: none asked for, or not yet)."""
        return _SCHEMES.get(type(self.client.auth).__name__)

    def objects(self) -> list[Stored]:
        """Every object of the collection holding a VEVENT: one PROPFIND (is it a
        calendar?) and one REPORT (every ETag and calendar data)."""
        self._calendar_or_refuse()
        with self._asking(self.url):
            answer = self.client.report(self.url, _QUERY, depth=1)
        self._check(answer, self.url, "REPORT")
        return list(self._stored(answer))

    def etags(self) -> dict[str, str | None]:
        """Every object's ETag, by href (relative to the collection, as the REPORT names
        them): one PROPFIND for whether it is a calendar, one of depth 1 for the ETags."""
        self._calendar_or_refuse()
        with self._asking(self.url):
            answer = self.client.propfind(self.url, _ETAGS, depth=1)
        self._check(answer, self.url, "PROPFIND")
        from caldav.elements import dav

        with self._asking(self.url):
            found = answer.expand_simple_props([dav.GetEtag()])
        members = ((self._member(href), props) for href, props in found.items())
        return {path: props.get(dav.GetEtag.tag) or None for path, props in members if path}

    def changes(self, token: str | None) -> Changes | None:
        """What changed since `token` (every member when None), with ETags alone, through
        the library's sync-collection REPORT (which follows a truncated answer with its
        new token); None when the server cannot say (no sync support, a token it has
        forgotten, an answer cut short): the caller then asks for every ETag. A failure
        to reach the server is a ServerError, as for any request."""
        from caldav.lib import error

        calendar = self.client.calendar(url=self.url)  # type: ignore[no-untyped-call]
        with self._asking(self.url):
            try:
                found = calendar.get_objects_by_sync_token(
                    token, load_objects=False, disable_fallback=True
                )
            except error.DAVError:  # refused: the PROPFIND after says any real refusal
                return None
        if found.truncated or not isinstance(found.sync_token, str) or not found.sync_token:
            return None
        removed = frozenset(self.path(str(url)) for url in found.deleted_urls)
        members = ((self.path(str(item.url)), item) for item in found)
        changed = {
            path: item.props.get("{DAV:}getetag") or None
            for path, item in members
            if path not in removed
        }
        return Changes(found.sync_token, changed, removed)

    def fetch(self, hrefs: list[str]) -> list[Stored]:
        """The objects at `hrefs` (calendar-multiget, RFC 4791 7.9), in one REPORT."""
        if not hrefs:
            return []
        from xml.sax.saxutils import escape

        query = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
            + "".join(f"<D:href>{escape(urljoin(self.url, href))}</D:href>" for href in hrefs)
            + "</C:calendar-multiget>"
        )
        with self._asking(self.url):
            answer = self.client.report(self.url, query, depth=1)
        self._check(answer, self.url, "REPORT")
        return list(self._stored(answer))

    def create(self, href: str, body: bytes) -> str | None:
        """PUT a new object: If-None-Match: * (never over an object already there). Its
        new ETag, when the server says it."""
        return self._write("PUT", href, body, {"If-None-Match": "*", **_ICS}, creating=True)

    def replace(self, href: str, etag: str | None, body: bytes) -> str | None:
        """PUT over the object of ETag `etag`: a 412 if it changed since the REPORT."""
        return self._write("PUT", href, body, {**_condition(etag), **_ICS})

    def delete(self, href: str, etag: str | None) -> None:
        self._write("DELETE", href, "", _condition(etag))

    def path(self, href: str) -> str:
        """An object's href in one spelling, whoever wrote it: the path of its URL (a
        server's multistatus writes `@` where the library's URLs write `%40`)."""
        return one_spelling(urlsplit(urljoin(self.url, href)).path)

    def _member(self, href: str) -> str | None:
        """An object's href in one spelling (`path`); None for the collection's own, which
        a depth-1 answer lists too."""
        path = self.path(href)
        return None if path == self.own else path

    def close(self) -> None:
        self.client.close()

    def _write(
        self,
        method: str,
        href: str,
        body: bytes | str,
        headers: dict[str, str],
        *,
        creating: bool = False,
    ) -> str | None:
        url = urljoin(self.url, href)
        with self._asking(url):
            answer = self.client.request(url, method, body, headers)  # type: ignore[arg-type]
        self._check(answer, url, "CREATE" if creating else method)
        etag = answer.headers.get("ETag") if answer.headers is not None else None
        return str(etag) if etag else None

    def _calendar_or_refuse(self) -> None:
        with self._asking(self.url):
            found = self.client.propfind(self.url, _RESOURCE_TYPE, depth=0)
        self._check(found, self.url, "PROPFIND")
        if not self._is_calendar(found):
            raise ServerError(f"{self.url}: not a CalDAV calendar collection")

    def _is_calendar(self, answer: Any) -> bool:
        from caldav.elements import dav

        with self._asking(self.url):
            found = answer.expand_simple_props(multi_value_props=[dav.ResourceType()])
        types = [t for props in found.values() for t in props.get(dav.ResourceType.tag) or []]
        return _CALENDAR in types

    def _stored(self, answer: Any) -> Iterator[Stored]:
        from caldav.elements import cdav, dav

        with self._asking(self.url):
            found = answer.expand_simple_props([dav.GetEtag(), cdav.CalendarData()])
        for href, props in found.items():
            data, path = props.get(cdav.CalendarData.tag), self._member(href)
            if isinstance(data, str) and path:
                yield Stored(path, props.get(dav.GetEtag.tag) or None, data)

    def _check(self, answer: Any, url: str, method: str) -> None:
        """A status that is no success as ServerError; `method` CREATE is a PUT that
        must not replace anything."""
        status = int(answer.status)
        if status == 404 and method in ("PROPFIND", "REPORT"):
            raise ServerError(f"{url}: 404 Not Found: no calendar collection at this URL", 404)
        if status == 412 and method == "CREATE":
            raise ServerError(
                f"{url}: 412 Precondition Failed: the calendar holds something else at this"
                " URL; nothing overwritten"
            )
        if status == 412:
            raise ServerError(
                f"{url}: 412 Precondition Failed: changed on the server during the push;"
                " nothing overwritten; push again"
            )
        if status >= 300:
            said = "PUT" if method == "CREATE" else method
            raise ServerError(f"{url}: {said}: {status} {answer.reason or ''}".rstrip(), status)

    def _asking(self, url: str) -> _Asking:
        return _Asking(url, self.credentials)


def one_spelling(path: str) -> str:
    """A URL path with each ASCII character a path segment may hold as itself (`%40` as
    `@`), any other escape as it was, in capitals (`%2F` stays: it is no `/`; `%E9` stays:
    it is a byte), and any character a URL may not hold raw escaped: every spelling of
    one resource's path, one string.

    >>> one_spelling("/cal/la-mou%407f3a.ics"), one_spelling("/cal/la-mou@7f3a.ics")
    ('/cal/la-mou@7f3a.ics', '/cal/la-mou@7f3a.ics')
    >>> one_spelling("/cal/a%2fb%e9 c.ics")
    '/cal/a%2Fb%E9%20c.ics'
    """
    return _ESCAPE.sub(_decoded, quote(path, safe=_PATH_SAFE + "%"))


def _decoded(match: re.Match[str]) -> str:
    ch = chr(int(match.group(1), 16))
    if ch.isascii() and (ch.isalnum() or ch in _SEGMENT_SAFE):
        return ch
    return match.group(0).upper()


class _Asking:
    """A request's failures as ServerError: the library's, the network's, TLS's."""

    def __init__(self, url: str, credentials: Credentials | None) -> None:
        self.url = url
        self.credentials = credentials

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, _: Any) -> None:
        if err is None or not isinstance(err, Exception) or isinstance(err, TripError):
            return
        status = getattr(err, "status", None)  # the library's DAVErrors carry it
        said = self._said(err)
        raise ServerError(
            f"{self.url}: {said}", status if isinstance(status, int) else None
        ) from None

    def _said(self, err: Exception) -> str:
        from caldav.lib import error

        if isinstance(err, error.AuthorizationError):
            return self._refused(err.status or 401, err.reason)
        if isinstance(err, error.RateLimitError):
            return f"{err.status or 503} {err.reason}: the server is busy; try again later"
        if isinstance(err, error.DAVError):
            return f"{err.status or ''} {err.reason}".strip()
        return _network(err)

    def _refused(self, status: int, reason: str) -> str:
        if status == 403:
            return f"403 {reason}: these credentials may not write this calendar"
        if self.credentials is None:
            return (
                f"{status} {reason}: no credentials for {_host(self.url)} in ~/.netrc or"
                " TRIPPLAN_CALDAV_USER and TRIPPLAN_CALDAV_PASSWORD"
            )
        source = self.credentials.source
        return f"{status} {reason}: the server refused the credentials from {source}"


def _network(err: Exception) -> str:
    """What went wrong under HTTP, from the exception's causes (niquests wraps urllib3's
    errors, which wrap the socket's)."""
    for cause in _causes(err):
        if isinstance(cause, ConnectionRefusedError):
            return "cannot connect: connection refused (is the server running, the port right?)"
        if isinstance(cause, TimeoutError | socket.timeout):
            return "no answer in time (TRIPPLAN_CALDAV_TIMEOUT sets the seconds)"
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS failure: {cause.verify_message or 'certificate verify failed'}"
        if isinstance(cause, ssl.SSLError):
            return f"TLS failure: {cause.reason or cause}"
        if isinstance(cause, socket.gaierror):
            return "cannot connect: no such host"
        if isinstance(cause, SyntaxError):  # lxml's XMLSyntaxError: an answer not XML
            return "the server's answer is not valid XML"
    for cause in _causes(err):
        if isinstance(cause, OSError) and cause.strerror:
            return f"cannot connect: {cause.strerror}"
    return f"the request failed: {type(err).__name__}"


def _causes(err: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _condition(etag: str | None) -> dict[str, str]:
    """If-Match the ETag the REPORT gave; a server that gave none (or a weak one, which
    If-Match never matches): If-Match: *, so at least a deleted object is not made again."""
    return {"If-Match": etag if etag and not etag.startswith("W/") else "*"}


def _host(url: str) -> str:
    return urlsplit(url).hostname or url
