"""The `tripplan` command, and `python -m tripplan`: tune the process, then run the CLI."""

import gc

# A trip is many small objects that live until the process exits, none of them in a
# cycle. At the default thresholds (a collection every 700 allocations) the collector
# traverses them again and again: a third of the time it takes to load 100,000 entries,
# and 3 to 5 ms of the imports at start-up. Collect every 100,000 allocations instead.
gc.set_threshold(100_000, 50, 100)

from tripplan.cli import main  # noqa: E402  (after the tuning, so the imports gain too)

if __name__ == "__main__":
    main()
