"""Write commands in a process that has already imported the fund, as a terminal of the
eight-terminal test runs them: the command's own work, without Python's start-up.

    python -m bench.in_process URL [--pairs 30]

URL: a new, empty store (e.g. a PostgreSQL database just created). The year is opened and a
hospital added; then, after five pairs to warm up, PAIRS pairs of `child register` and
`contribute` run through the command line's own `main`; prints the mean milliseconds a command.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import time
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent / "examples" / "rules-2026-2027.toml"


def run(argv: list[str]) -> None:
    from commands.main import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main(argv)
        except SystemExit as e:
            if e.code:
                raise SystemExit(f"fund {' '.join(argv)} exited {e.code}: {err.getvalue()}")


def pairs(n: int, tag: str) -> None:
    for i in range(n):
        child = f"{tag}{i}"
        run(["child", "register", child, "--name", "Bench", "--born", "2016-03-01",
             "--guardian", "G", "--date", "2026-09-01"])
        run(["contribute", child, "--year", "2026-2027", "--receipt", f"R{child}", "--date",
             "2026-09-10", "--amount", "120.00"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--pairs", type=int, default=30)
    options = parser.parse_args()
    os.environ.update(FUND_DB=options.url, FUND_TODAY="2026-12-01", FUND_OPERATOR="clerk",
                      FUND_LANG="en")
    run(["year", "open", str(RULES), "--date", "2026-07-01"])
    run(["hospital", "add", "HC", "--name", "City", "--level", "3", "--date", "2026-08-01"])
    pairs(5, "W")
    started = time.perf_counter()
    pairs(options.pairs, "A")
    print(f"{(time.perf_counter() - started) / (2 * options.pairs) * 1000:.1f} ms a command")


if __name__ == "__main__":
    main()
