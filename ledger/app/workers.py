"""The fund's helper processes: each started as `python -m ledger.app.workers KIND`, its order
on stdin (a store's URL may carry a password: never on a command line).

`follow`: a second process that keeps the views caught up while a long import records.
Recording a roster batch and projecting the one before it then run on two cores instead of
taking turns on one. The follower only calls `Views.catch_up`, the same exactly-once code every
command uses (a page at a time, the tracked position advanced in the same transaction), so
whatever happens to either process the views stay at a page boundary and the next catch-up
resumes. It stops when its parent closes its stdin (or dies): it catches up once more and exits.

`replay`: the second half of a split rebuild. `checks`: an audit's checks (the chain, the
invariants, each claim against its record) beside the rebuild's two processes.
"""

from __future__ import annotations

import select
import sys
from typing import Any

POLL = 0.02  # seconds between looks at the log when it has nothing new
# Events per transaction: each page writes out every index page it touched, so fewer, larger
# pages write less (measured in bench/RESULTS.md).
PAGE = 15_000


def follow(url: str, stdin: Any) -> None:
    from .fund import Fund
    from ..store.bulk import sparse_collection

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


def replay_half(order: str) -> str:
    """`replay`: the second half of a split rebuild (`ledger.app.audit`); its report, as JSON."""
    import json

    from .audit import replay_part

    return json.dumps(replay_part(json.loads(order)))


def checks_apart(order: str) -> str:
    """`checks`: an audit's checks beside its replay (`ledger.app.audit.verify`), as JSON."""
    import json

    from .audit import checks_part

    return json.dumps(checks_part(json.loads(order)))


if __name__ == "__main__":
    if sys.argv[1:] == ["follow"]:
        follow(sys.stdin.readline().strip(), sys.stdin)
    elif sys.argv[1:] == ["replay"]:
        print(replay_half(sys.stdin.read()))
    elif sys.argv[1:] == ["checks"]:
        print(checks_apart(sys.stdin.read()))
    else:
        sys.exit(f"usage: python -m ledger.app.workers follow|replay|checks (not {sys.argv[1:]})")
