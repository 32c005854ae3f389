"""Running `fund` as an administrator would: in-process through `main()`, or as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from commands.main import main
from ledger.app.fund import Fund

from conftest import ROOT, TODAY

RULES = ROOT / "examples" / "rules-2026-2027.toml"

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


def env_for(url: str, **more: str) -> dict:
    return {"FUND_DB": url, "FUND_TODAY": TODAY.isoformat(), "FUND_OPERATOR": "clerk", **more}


def small_fund(env: dict) -> None:
    steps = [
        ("year", "open", RULES, "--date", "2026-07-01"),
        ("child", "register", "M1", "--name", "李小明", "--born", "2015-05-01", "--guardian",
         "李娜", "--date", "2026-09-01"),
        ("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date", "2026-09-15",
         "--amount", "120.00"),
        ("hospital", "add", "HC", "--name", "City Children's", "--level", "3", "--date",
         "2026-09-01"),
        ("claim", "submit", "CL-1", "--member", "M1", "--hospital", "HC", "--bill", "B1",
         "--type", "inpatient", "--admitted", "2027-01-05", "--discharged", "2027-01-09",
         "--total", "5000", "--in-scope", "4000", "--date", "2027-01-20"),
    ]
    for args in steps:  # in this process: a new one per command would prove nothing more
        r = run_in(env, *args)
        assert r.code == 0, (args, r.err)


def run_in(env: dict, *args: str) -> Result:
    """`fund ARGS` in this process, with `env` set for it (as a shell would for a process)."""
    import contextlib
    import io

    saved = {k: os.environ.get(k) for k in env}
    os.environ.update({k: str(v) for k, v in env.items()})
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main([str(a) for a in args])
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else 1
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return Result(code, out.getvalue(), err.getvalue())


def one_line(r, code: int, *words: str) -> None:
    assert r.code == code, (r.code, r.out, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.err, r.err
    for w in words:
        assert w in lines[0], lines[0]


def events(db_url: str) -> int:
    app = Fund(db_url)
    try:
        return app.recorder.max_notification_id() or 0
    finally:
        app.views.engine.dispose()
        app.close()


def assert_refused(result, code: int, *words: str):
    assert result.code == code, (result.code, result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert "Traceback" not in result.err
    for w in words:
        assert w in lines[0], lines[0]


def chromium() -> str:
    """Debian's Chromium, for the pages the board reads; skipped, saying why, when absent
    (failed instead under FUND_REQUIRE_TOOLS=1, as in CI)."""
    import shutil

    import pytest

    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = "Chromium is not installed (Debian's package chromium; .ci/run installs it)"
        if os.environ.get("FUND_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def every_command() -> list[tuple[str, object]]:
    """(path, command) of every command of the CLI, as `fund … --help` lists them."""
    import click

    from commands.main import cli

    ctx = click.Context(cli)

    def walk(command, path):
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                yield from walk(command.get_command(ctx, name), [*path, name])
        else:
            yield " ".join(path), command

    return list(walk(cli, []))


def assessed_claims(url: str, n: int, folder: Path) -> dict:
    """A store of `n` children enrolled from a roster and a claim of each, assessed (the
    published rules, one level-3 hospital), through the CLI; the environment that reaches it."""
    env = {"FUND_DB": url, "FUND_TODAY": TODAY.isoformat()}
    assert run_in(env, "year", "open", str(RULES), "--date", "2026-07-01").code == 0
    assert run_in(env, "hospital", "add", "H3", "--name", "City", "--level", "3", "--date",
                  "2026-07-01").code == 0
    roster = folder / "roster.csv"
    roster.write_text("member,name,born,guardian,receipt,date,amount\n" + "".join(
        f"K{i:05d},孩子{i},2015-01-01,家长,RK{i:05d},2026-09-10,120.00\n" for i in range(n)),
        encoding="utf-8")
    assert run_in(env, "import", "contributions", str(roster), "--year", "2026-2027").code == 0
    claims = folder / "claims.csv"
    claims.write_text("claim,member,hospital,bill,type,admitted,discharged,total,in_scope,"
                      "submitted\n" + "".join(
                          f"C{i:05d},K{i:05d},H3,B{i:05d},inpatient,2026-10-01,2026-10-03,"
                          f"300.00,200.00,2026-10-05\n" for i in range(n)), encoding="utf-8")
    assert run_in(env, "import", "claims", str(claims)).code == 0
    return env
