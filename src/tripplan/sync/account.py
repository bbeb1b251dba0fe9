"""Where a push goes and as whom: the collection's URL, checked, and the credentials for its
host, from ~/.netrc or TRIPPLAN_CALDAV_USER / TRIPPLAN_CALDAV_PASSWORD. Never from the
command line (a password there is in the shell's history and in `ps` for every user),
never printed: messages name the URL without its userinfo."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tripplan.errors import TripError

USER_VARIABLE = "TRIPPLAN_CALDAV_USER"
PASSWORD_VARIABLE = "TRIPPLAN_CALDAV_PASSWORD"
TIMEOUT_VARIABLE = "TRIPPLAN_CALDAV_TIMEOUT"
# Seconds to wait for the server to connect and for each answer. A REPORT of 10,000 events
# from a local Radicale takes about a second; a hosted server under load, a few.
TIMEOUT = 30.0


class AccountError(TripError):
    """A URL or credentials a push cannot use: exit 2, before anything is sent."""


@dataclass(frozen=True)
class Credentials:
    """A user and password for one host, and where they were read (said in errors)."""

    user: str
    password: str = field(repr=False)
    source: str


def collection_url(text: str) -> str:
    """The collection URL a push writes to: http or https, a host, no credentials in it,
    and a path that ends with `/` (a collection's, RFC 4918 5.2).

    >>> collection_url("https://dav.example.com/cal/alice/trip")
    'https://dav.example.com/cal/alice/trip/'
    """
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise AccountError(f"{shown(text)}: not an http:// or https:// URL")
    if "@" in parts.netloc:
        raise AccountError(
            f"{shown(text)}: put credentials in ~/.netrc or {USER_VARIABLE} and"
            f" {PASSWORD_VARIABLE}, not in the URL"
        )
    try:
        port = parts.port
    except ValueError:
        port = -1
    if not parts.hostname or port == -1:
        raise AccountError(f"{shown(text)}: not a URL with a host (and a port from 1 to 65535)")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, parts.query, ""))


def shown(url: str) -> str:
    """`url` as messages show it: without any user or password in it.

    >>> shown("https://alice:hunter2@dav.example.com/cal/")
    'https://dav.example.com/cal/'
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def credentials(url: str, environ: Mapping[str, str]) -> Credentials | None:
    """The credentials for `url`'s host: TRIPPLAN_CALDAV_USER and TRIPPLAN_CALDAV_PASSWORD
    when both are set, else the ~/.netrc entry of the host (its `default` entry after
    them, as curl reads it), else none (the server may not ask)."""
    user, password = environ.get(USER_VARIABLE), environ.get(PASSWORD_VARIABLE)
    if user is not None or password is not None:
        if not user or password is None:
            missing = PASSWORD_VARIABLE if password is None else USER_VARIABLE
            raise AccountError(f"{missing} is not set; set both or neither (then ~/.netrc)")
        return Credentials(user, password, f"{USER_VARIABLE} and {PASSWORD_VARIABLE}")
    return _from_netrc(urlsplit(url).hostname or "", _netrc_path(environ))


def timeout(environ: Mapping[str, str]) -> float:
    """The seconds a push waits for the server: TRIPPLAN_CALDAV_TIMEOUT, else TIMEOUT."""
    text = environ.get(TIMEOUT_VARIABLE)
    if text is None:
        return TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 3600:
        raise AccountError(f"{TIMEOUT_VARIABLE}: {text!r} is not a number of seconds (0-3600]")
    return seconds


def _netrc_path(environ: Mapping[str, str]) -> Path:
    """NETRC, else ~/.netrc (HOME of `environ`, else the process's home)."""
    if environ.get("NETRC"):
        return Path(environ["NETRC"])
    home = environ.get("HOME")
    return (Path(home) if home else Path.home()) / ".netrc"


def _from_netrc(host: str, path: Path) -> Credentials | None:
    import netrc

    try:
        entries = netrc.netrc(os.fspath(path))
    except FileNotFoundError:
        return None
    except netrc.NetrcParseError as err:  # its message may quote a token: a password
        raise AccountError(f"{path}:{err.lineno}: cannot read this netrc file") from None
    except OSError as err:
        raise AccountError(f"{path}: cannot read: {err.strerror or err}") from None
    found = entries.authenticators(host)
    if found is None:
        return None
    login, _account, password = found
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        # As Python's own netrc and ssh refuse it: others could read the password.
        raise AccountError(f"{path}: others may read it; make it yours alone (chmod 600)")
    if not login or password is None:
        raise AccountError(f"{path}: the entry for {host} needs both login and password")
    return Credentials(login, password, str(path))
