"""A second process that keeps the views caught up while a long import records.

Recording a roster batch and projecting the one before it then run on two cores instead of
taking turns on one. The follower only calls `Views.catch_up`, the same exactly-once code every
command uses (a page at a time, the tracked position advanced in the same transaction), so
whatever happens to either process the views stay at a page boundary and the next catch-up
resumes. It stops when its parent closes its stdin (or dies): it catches up once more and exits.
"""

from __future__ import annotations

import select
import subprocess
import sys
from typing import Any

POLL = 0.02  # seconds between looks at the log when it has nothing new
# Events per transaction: a roster batch's (5,000 rows, three events each). Each page writes
# out every index page it touched: projecting 100,000 rows' events alone took 34.4 s in pages
# of 1,000 and 30.6 s in pages of 5,000; the whole import, 38.4-39.5 s at 5,000 and
# 37.1-37.7 s at 15,000 (bench/RESULTS.md).
PAGE = 15_000


class Follower:
    """Started by the importing process; `finish()` waits until everything recorded is projected."""

    def __init__(self, url: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ledger.projections.follower"], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
        assert self.process.stdin is not None
        # The URL goes on stdin: it may carry a password, never on a command line.
        self.process.stdin.write(url + "\n")
        self.process.stdin.flush()

    def finish(self) -> None:
        """Close its stdin and wait for it. If it failed, the caller's own catch-up (which
        every import ends with) projects whatever it left."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.stdin = None
        self.process.communicate()


def follow(url: str, stdin: Any) -> None:
    from ..application import Fund
    from ..bulk import sparse_collection

    fund = Fund(url, operator="views")
    try:
        with sparse_collection():
            while True:
                if fund.views.catch_up(page=PAGE):
                    continue
                ready, _, _ = select.select([stdin], [], [], POLL)
                if ready and not stdin.read(1):  # end of input: the import is done (or gone)
                    fund.views.catch_up(page=PAGE)
                    return
    finally:
        fund.views.engine.dispose()
        fund.close()


if __name__ == "__main__":
    follow(sys.stdin.readline().strip(), sys.stdin)
