"""The everyday commands of the README on a real terminal 80 columns wide (a pseudo-terminal, as
an administrator's window is): no line wider than the window, no number, code, date or amount
cut short."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import termios

import pytest
from rich.cells import cell_len

from conftest import DEMO_TODAY
from shell import FUND

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def on_terminal(argv: list[str], env: dict, columns: int = 80) -> str:
    """What `fund ARGV` shows on a terminal `columns` wide."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen([FUND, *argv], stdin=slave, stdout=slave, stderr=slave,
                            env={**os.environ, **env, "COLUMNS": str(columns)}, close_fds=True)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # the other end closed: the command is done
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0, out.decode(errors="replace")
    return ANSI.sub("", out.decode()).replace("\r", "")


EVERYDAY = [
    ["balance"], ["claim", "list"], ["claim", "show", "CL-0001"], ["member", "show", "C00001"],
    ["history", "CL-0001"], ["child", "list", "--year", "2025-2026"], ["income", "list"],
    ["report", "year", "2025-2026"], ["year", "show", "2025-2026"], ["year", "list"],
    ["hospital", "list"], ["claim", "reasons"],
]


# What a terminal shows does not depend on the kind of store: the SQLite demo year only.
ON_SQLITE = pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)


@ON_SQLITE
@pytest.mark.parametrize("argv", EVERYDAY, ids=" ".join)
def test_the_everyday_commands_fit_80_columns_and_cut_nothing(demo_url, argv):
    shown = on_terminal(argv, {"FUND_DB": demo_url, "FUND_TODAY": DEMO_TODAY.isoformat()})
    assert shown.strip()
    for line in shown.splitlines():
        assert cell_len(line) <= 80, line
    assert "…" not in shown, shown


@ON_SQLITE
def test_identifiers_and_amounts_are_whole_at_80_columns(demo_url):
    env = {"FUND_DB": demo_url, "FUND_TODAY": DEMO_TODAY.isoformat()}
    claims = on_terminal(["claim", "list"], env)
    assert all(f"CL-{n:04d}" in claims for n in range(1, 19)), claims
    child = on_terminal(["member", "show", "C00001"], env)
    assert "44000.00" in child and "2025-2026" in child, child
    assert "submitted:" in on_terminal(["history", "CL-0001"], env)
