"""Running `fund` as an administrator would: in-process through `main()`, or as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from commands.main import main

FUND = str(Path(sys.executable).with_name("fund"))


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


def run_fund(capsys, *args: str) -> Result:
    """`fund ARGS` in this process, with the exit code main() would give the shell."""
    capsys.readouterr()
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def run_process(*args: str, env: dict | None = None, cwd: str | None = None) -> Result:
    """`fund ARGS` as a real process."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([FUND, *map(str, args)], capture_output=True, text=True, env=full_env,
                          cwd=cwd, timeout=120)
    return Result(proc.returncode, proc.stdout, proc.stderr)
