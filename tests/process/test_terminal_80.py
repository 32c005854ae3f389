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
    """What `fund ARGV` shows on a terminal `columns` wide (50 lines high; paged through
    `cat` unless `env` names another pager, so that a long list does not wait for a key)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen([FUND, *argv], stdin=slave, stdout=slave, stderr=slave,
                            env={**os.environ, "PAGER": "cat", **env, "COLUMNS": str(columns)},
                            close_fds=True)
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


@ON_SQLITE
def test_a_long_list_is_paged_as_git_pages_and_a_short_one_is_not(demo_url, tmp_path):
    """On a terminal, an answer longer than the screen goes through $PAGER (LESS=FRX unless
    set); one that fits is printed straight; --no-pager prints it straight too."""
    pager = tmp_path / "pager.sh"
    seen = tmp_path / "paged.txt"
    pager.write_text(f"#!/bin/sh\necho \"LESS=$LESS\" >> {seen}\ncat >> {seen}\n")
    pager.chmod(0o755)
    env = {"FUND_DB": demo_url, "FUND_TODAY": DEMO_TODAY.isoformat(), "PAGER": str(pager)}
    on_terminal(["child", "list", "--year", "2025-2026"], env)
    paged = seen.read_text()
    assert paged.startswith(f"LESS={os.environ.get('LESS', 'FRX')}\n"), paged[:200]
    assert "341 children enrolled in 2025-2026" in paged and paged.count("\n") > 50, paged[:200]
    seen.unlink()
    shown = on_terminal(["year", "list"], env)
    assert not seen.exists() and "2025-2026" in shown
    shown = on_terminal(["--no-pager", "child", "list", "--year", "2025-2026"], env)
    assert not seen.exists() and "341 children enrolled" in shown


@ON_SQLITE
def test_piped_from_a_terminal_a_table_keeps_the_terminal_width(demo_url):
    """`fund claim list | head` in an 80-column window: the table is drawn 80 wide, not 200
    (the width comes from the terminal the reader looks at, here stdin)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.run([FUND, "claim", "list"], stdin=slave, capture_output=True, text=True,
                          env={**env, "FUND_DB": demo_url, "FUND_TODAY": DEMO_TODAY.isoformat()},
                          timeout=60)
    os.close(slave)
    os.close(master)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines and max(cell_len(line) for line in lines) <= 80, proc.stdout
    assert "CL-0018" in proc.stdout
