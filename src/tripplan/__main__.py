"""The `tripplan` command, and `python -m tripplan`: tune the process, then run the CLI."""

# Ctrl-C ends the process at once from this first instruction on, by the kernel's own
# action for SIGINT: no KeyboardInterrupt half-way through an import or a table, so no
# traceback, and the shell sees a death by SIGINT (status 130; a shell loop stops too).
# The one step with something to undo, a file being written, turns SIGINT into an
# exception while it writes (fileio.write_atomically). A SIGINT the parent ignores (a
# script's `tripplan ... &`) stays ignored. `_signal`, the C module Python has already
# loaded, not `signal`, whose import of enum takes 4 ms.
import _signal  # type: ignore[import-not-found]

if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
    _signal.signal(_signal.SIGINT, _signal.SIG_DFL)

import gc

# A trip is many small objects that live until the process exits, none of them in a
# cycle. At the default thresholds (a collection every 700 allocations) the collector
# traverses them again and again: a third of the time it takes to load 100,000 entries,
# and 3 to 5 ms of the imports at start-up. Collect every 100,000 allocations instead.
gc.set_threshold(100_000, 50, 100)

from tripplan.cli import main  # noqa: E402  (after the tuning, so the imports gain too)

if __name__ == "__main__":
    main()
