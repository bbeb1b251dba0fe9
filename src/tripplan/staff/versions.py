"""The versions `diff` compares: a path, standard input, or a file of a git commit, read
with git held to what it is asked and to the loader's size limit."""

from __future__ import annotations

from typing import BinaryIO

from tripplan.errors import TripFileError, UsageError
from tripplan.model import Trip


def read_version(source: str, stdin: BinaryIO | None = None) -> Trip:
    """A version of a trip: a path, `-` for standard input, or `git:REV:PATH`, the file
    PATH of the commit REV in the repository of the current directory (PATH from the
    repository's root, or `./` for the current directory, as git takes it)."""
    from tripplan.load import loads_trip, read_source

    if not source.startswith("git:"):
        data, name = read_source(source, stdin)
        return loads_trip(data, name)
    return loads_trip(_git_blob(source), source)


# What git is read in: a trip file is at most load.MAX_FILE_BYTES, read this much at a time.
_GIT_CHUNK = 1 << 20


def _git_blob(source: str) -> bytes:
    """The bytes of `git:REV:PATH`. REV never reaches git as an option: it is refused if
    it starts with `-` and given only after --end-of-options, to be resolved to a commit;
    the file is then named by the object id git found, its size checked before it is read,
    and read in chunks up to the loader's limit."""
    from tripplan.load import MAX_FILE_BYTES

    rev, colon, path = source[len("git:") :].partition(":")
    if not colon or not rev or not path:
        raise UsageError(f"{source!r}: write a git version as git:REV:PATH")
    if rev.startswith("-"):
        raise TripFileError(source, f"{rev!r} is no revision (it starts with -)")
    commit = _git(
        source, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
    )
    if commit is None:
        raise TripFileError(source, f"no commit {rev!r} in the git repository here")
    blob = _git(source, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{commit}:{path}")
    if blob is None:
        raise TripFileError(source, f"no {path!r} in commit {rev!r}")
    kind = _git(source, "cat-file", "-t", blob)
    if kind != "blob":
        raise TripFileError(source, f"{path!r} in commit {rev!r} is a {kind}, not a file")
    size = int(_git(source, "cat-file", "-s", blob) or 0)
    if size > MAX_FILE_BYTES:
        raise TripFileError(source, f"larger than {MAX_FILE_BYTES // 2**20} MiB")
    return _git_read(source, blob, MAX_FILE_BYTES)


def _git(source: str, *args: str) -> str | None:
    """What a short git command prints, stripped; None when it fails with no more than
    an error (--quiet: no such object; a tree where a commit is asked for). A fatal one
    (no repository here) is git's last line."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", *args], capture_output=True, check=False, stdin=subprocess.DEVNULL
        )
    except OSError as err:
        raise TripFileError(source, f"cannot run git: {err.strerror or err}") from None
    if done.returncode == 0:
        return done.stdout.decode("utf-8", "replace").strip()
    said = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if said and said[-1].startswith("fatal: "):
        raise TripFileError(source, said[-1].removeprefix("fatal: "))
    return None


def _git_read(source: str, blob: str, limit: int) -> bytes:
    """The blob's bytes, read a chunk at a time; past `limit` (the file changed under us,
    or git lied about its size) git is stopped and the file refused."""
    import subprocess

    chunks: list[bytes] = []
    read = 0
    with subprocess.Popen(
        ["git", "cat-file", "blob", blob],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as git:
        assert git.stdout is not None
        while chunk := git.stdout.read(min(_GIT_CHUNK, limit + 1 - read)):
            chunks.append(chunk)
            read += len(chunk)
            if read > limit:
                git.kill()
                raise TripFileError(source, f"larger than {limit // 2**20} MiB")
    if git.returncode != 0:
        raise TripFileError(source, f"git cat-file exited {git.returncode}")
    return b"".join(chunks)
