"""One administrator's terminal in the concurrency test: a real process that runs its list of
`fund` command lines one after another, through the CLI's own `main`, and writes down each
exit code and error line.

    python tests/terminal.py PLAN.json RESULTS.json START_AT
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time


def run(argv: list[str]) -> tuple[int, str]:
    from commands.main import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main(argv)
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    return code, err.getvalue()


if __name__ == "__main__":
    plan_path, results_path, start_at = sys.argv[1], sys.argv[2], float(sys.argv[3])
    plan = json.loads(open(plan_path).read())
    import commands.main  # noqa: F401 - loaded before the start, like a terminal already open

    time.sleep(max(0.0, start_at - time.time()))  # every terminal starts at the same moment
    results = []
    for argv in plan:
        code, err = run(argv)
        results.append({"argv": argv, "code": code, "err": err})
    with open(results_path, "w") as f:
        json.dump(results, f)
