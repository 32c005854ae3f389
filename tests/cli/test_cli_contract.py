"""The command-line contract of SPEC §5: names, JSON keys, exit codes, one-line refusals."""

from __future__ import annotations

import pytest

from shell import assert_refused, events, run_process
from conftest import ROOT, TODAY

RULES = ROOT / "examples" / "rules-2026-2027.toml"


def test_help_speaks_the_funds_language(fund_cli):
    r = fund_cli("--help")
    assert r.code == 0
    for command in ("year", "child", "hospital", "contribute", "contribution", "subsidy",
                    "donation", "balance", "member", "history", "audit", "demo"):
        assert command in r.out
    assert "children's mutual-aid medical fund" in r.out


def test_a_contribution_through_the_cli_shows_in_balance_and_member(opened):
    r = opened("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
               "2026-09-15", "--amount", "120.00")
    assert r.code == 0, r.err
    assert "covered from 2026-09-01" in r.out
    assert opened("contribute", "H1", "--year", "2026-2027", "--receipt", "R2",
                  "--date", "2026-09-16").code == 0
    bal = opened("balance", "--json").json()
    assert set(bal) >= {"as_of", "cash", "claims_payable", "subsidy_receivable",
                        "assistance_payable", "reserve", "income", "benefits"}
    assert set(bal["income"]) == {"contributions", "subsidies", "donations"}
    assert bal["cash"] == "120.00"
    assert bal["subsidy_receivable"] == "140.00"
    assert bal["income"] == {"contributions": "120.00", "subsidies": "140.00", "donations": "0.00"}
    assert bal["as_of"] == TODAY.isoformat()
    member = opened("member", "show", "M1", "--json").json()
    assert member["member"] == "M1"
    assert member["years"]["2026-2027"] == {
        **member["years"]["2026-2027"],
        "covered_from": "2026-09-01", "paid": "120.00", "benefits": "0.00",
        "cap_left": "200000.00",
    }
    hardship = opened("member", "show", "H1", "--json").json()["years"]["2026-2027"]
    assert hardship["paid"] == "0.00" and hardship["covered_from"] == "2026-09-01"


def test_balance_as_of_a_past_date(opened):
    opened("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date", "2026-09-15",
           "--amount", "120.00")
    assert opened("balance", "--as-of", "2026-09-14", "--json").json()["cash"] == "0.00"
    assert opened("balance", "--as-of", "2026-09-15", "--json").json()["cash"] == "120.00"
    r = opened("balance")
    assert r.code == 0 and "Cash" in r.out and "120.00" in r.out


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["--amount", "12,0"], 2, ["--amount"]),
        (["--amount", "1e2"], 2, ["--amount"]),
        (["--amount", "-120"], 2, ["--amount"]),
        (["--amount", "NaN"], 2, ["--amount"]),
        (["--amount", "100.00"], 1, ["contribution amount", "120.00"]),
        (["--amount", "120.001"], 2, ["--amount"]),
    ],
)
def test_bad_amounts_are_refused_and_record_nothing(opened, args, code, words):
    before = events(opened.db_url)
    r = opened("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
               "2026-09-15", *args)
    assert_refused(r, code, *words)
    assert events(opened.db_url) == before


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["contribute", "NOBODY", "--year", "2026-2027", "--receipt", "R9", "--date", "2026-09-15"],
         1, ["unknown member", "NOBODY"]),
        (["contribute", "M1", "--year", "2030-2031", "--receipt", "R9", "--date", "2026-09-15"],
         1, ["unknown plan year", "2030-2031"]),
        (["contribute", "M1", "--year", "2026-2027", "--receipt", "R9", "--date", "2026-02-30"],
         2, ["--date"]),
        (["contribute", "M1", "--year", "2026-2027", "--receipt", "R9", "--date", "2027-10-01"],
         1, ["future date"]),
        (["contribute", "M1", "--year", "2026-2027", "--date", "2026-09-15"], 2, ["--receipt"]),
        (["child", "register", "M1", "--name", "Again", "--born", "2015-05-01"],
         1, ["member numbers are unique"]),
        (["child", "register", "M2", "--name", "X", "--born", "2015-13-01"], 2, ["--born"]),
        (["child", "register", "M2", "--name", "X", "--born", "2015-01-01", "--hardship",
          "low-income"], 2, ["--evidence"]),
        (["hospital", "add", "H", "--name", "X", "--level", "4"], 2, ["--level"]),
        (["contribution", "reverse", "NO-SUCH", "--reason", "x"], 1, ["unknown receipt"]),
        (["member", "show", "NOBODY"], 1, ["unknown member"]),
        (["year", "show", "1999-2000"], 1, ["unknown plan year"]),
        (["history", "NOTHING"], 1, ["unknown record"]),
        (["claim", "list", "--year", "1999-2000"], 1, ["unknown plan year", "1999-2000"]),
        (["claim", "show", "NOBODY", "--as-of", "2026-01-01"], 1, ["unknown claim"]),
        (["claim", "list", "--year", "abc"], 1, ["unknown plan year", "abc"]),
        (["claim", "approve", "--all", "--year", "1999-2000"], 1, ["unknown plan year"]),
        (["child", "hardship", "M1", "--category", "rich", "--evidence", "E", "--from",
          "2026-10-01"], 2, ["--category", "rich", "low-income"]),
        (["audit", "rebuild", "--into", "bogus://x"], 2, ["--into", "bogus://x"]),
        (["import", "contributions", "/tmp", "--year", "2026-2027"], 2, ["is a folder"]),
        (["subsidy", "receive", "--amount", "10.00", "--reference", "S1", "--date", "2026-12-01"],
         1, ["subsidy remittance"]),
        (["no-such-command"], 2, ["No such command"]),
    ],
)
def test_refusals_are_one_line_with_the_right_exit_code(opened, args, code, words):
    before = events(opened.db_url)
    assert_refused(opened(*args), code, *words)
    assert events(opened.db_url) == before


def test_an_invalid_rules_file_names_the_key_and_records_nothing(fund_cli, tmp_path):
    bad = tmp_path / "rules.toml"
    bad.write_text(RULES.read_text().replace('annual_cap = "200000.00"', 'annual_cap = "-5"'))
    r = fund_cli("year", "open", str(bad))
    assert_refused(r, 2, "claims.annual_cap")
    assert events(fund_cli.db_url) == 0
    assert_refused(fund_cli("year", "open", str(tmp_path / "missing.toml")), 2, "no such file")
    (tmp_path / "broken.toml").write_text("year = \n")
    assert_refused(fund_cli("year", "open", str(tmp_path / "broken.toml")), 2, "not valid TOML")
    (tmp_path / "bracket.toml").write_text('year = "2026-2027"\n[enrollment\n')
    assert_refused(fund_cli("year", "open", str(tmp_path / "bracket.toml")), 2,
                   "rules file: not valid TOML at line 2, column 12 (Expected ']'")


def test_a_command_whose_reader_goes_succeeds_and_keeps_what_it_recorded(opened, tmp_path):
    """`fund … | head -1`: the rest of the output has nowhere to go. That is no refusal (exit
    1), and a command that records keeps what it recorded, told or not."""
    import os
    import subprocess

    from shell import FUND

    def with_reader_gone(*args: str) -> subprocess.CompletedProcess:
        read, write = os.pipe()
        os.close(read)  # the reader is gone before the first line
        try:
            return subprocess.run([FUND, *args], stdout=write, stderr=subprocess.PIPE,
                                  text=True, timeout=120, env={**os.environ, "PAGER": "cat"})
        finally:
            os.close(write)

    before = events(opened.db_url)
    done = with_reader_gone("donation", "record", "--amount", "10.00", "--donor", "A",
                            "--reference", "D-PIPE", "--date", "2026-10-01")
    assert (done.returncode, done.stderr) == (0, "")
    assert events(opened.db_url) == before + 1
    for args in (["history", "M1"], ["balance"], ["income", "list"], ["balance", "--json"]):
        done = with_reader_gone(*args)
        assert (done.returncode, done.stderr) == (0, ""), args


def test_a_duplicate_receipt_is_recorded_once(opened):
    args = ("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date", "2026-09-15",
           "--amount", "120.00")
    assert opened(*args).code == 0
    before = events(opened.db_url)
    again = opened(*args)
    assert again.code == 0 and "already recorded" in again.out
    assert events(opened.db_url) == before
    assert opened("balance", "--json").json()["cash"] == "120.00"


def test_history_shows_operator_dates_and_changes(opened):
    opened("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date", "2026-09-15",
           "--amount", "120.00")
    opened("--operator", "auditor-li", "contribution", "reverse", "R1", "--reason", "paid twice",
           "--date", "2026-09-20")
    doc = opened("history", "R1", "--json").json()
    kinds = [e["event"] for e in doc["events"]]
    assert kinds == ["Receipt.Issued", "Enrollment.Enrolled", "Enrollment.Reversed"]
    reversed_ = doc["events"][-1]
    assert reversed_["operator"] == "auditor-li"
    assert reversed_["effective"] == "2026-09-20"
    assert reversed_["changes"]["reason"] == "paid twice"
    assert doc["events"][0]["operator"] == "clerk-wang"
    assert reversed_["recorded"]  # the real time it was recorded
    told = opened("history", "M1")
    # each change a line in words, not the event's class name
    assert told.code == 0 and "Enrollment.Reversed" not in told.out
    line = next(line for line in told.out.splitlines() if "reversed" in line)
    assert line.startswith("2026-09-20  contribution R1 reversed (paid twice): 120.00 refunded")
    assert "auditor-li" in told.out


def test_year_show_prints_the_rules_in_force(opened):
    doc = opened("year", "show", "2026-2027", "--json").json()
    assert doc["rules"]["contribution"]["amount"] == "120.00"
    assert doc["rules"]["claims"]["ratio"]["inpatient"]["3"] == "0.70"
    assert doc["enrolled"] == {"paying": 0, "hardship": 0, "reversed": 0}
    text = opened("year", "show", "2026-2027")
    assert text.code == 0 and "Acute lymphoblastic leukaemia" in text.out


def test_audit_verify_and_rebuild_on_an_honest_store(opened):
    opened("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date", "2026-09-15",
           "--amount", "120.00")
    opened("donation", "record", "--amount", "500", "--donor", "Parents", "--reference", "D1",
           "--date", "2026-10-01")
    assert opened("audit", "verify").code == 0
    r = opened("audit", "rebuild", "--json")
    assert r.code == 0 and r.json()["identical"] is True
    assert r.json()["events"] == events(opened.db_url)


def test_a_real_process_never_shows_a_traceback(tmp_path):
    r = run_process("--db", "mysql://nowhere/db", "balance", cwd=str(tmp_path))
    assert_refused(r, 2, "--db")
    r = run_process("--db", f"sqlite:///{tmp_path}/no/such/folder/f.db", "balance")
    assert_refused(r, 2, "--db")
    r = run_process("--db", f"sqlite:///{tmp_path}/f.db", "contribute", "M1", "--year", "2026-2027",
                    "--receipt", "R1", "--date", "2026-09-15", "--amount", "120.00")
    assert_refused(r, 1, "unknown member")


def test_the_default_store_is_fund_db_in_the_working_folder(tmp_path):
    env = {"FUND_DB": "", "FUND_TODAY": TODAY.isoformat()}
    r = run_process("year", "open", str(RULES), "--date", "2026-07-01", env=env, cwd=str(tmp_path))
    assert r.code == 0, r.err
    assert (tmp_path / "fund.db").exists()


def test_audit_verify_names_the_position_of_an_edited_event(opened):
    from sqlalchemy import create_engine, text
    from tampering import switch_off_guard

    opened("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date", "2026-09-15",
           "--amount", "120.00")
    seal = opened("audit", "seal").out.strip()
    position = [e["position"] for e in opened("history", "R1", "--json").json()["events"]
                if e["event"] == "Enrollment.Enrolled"][0]
    assert opened("audit", "verify", "--seal", seal).code == 0
    engine = create_engine(opened.db_url)
    with engine.begin() as conn:
        switch_off_guard(conn)
        state = conn.execute(text("SELECT state FROM fundbook_events WHERE id = :p"),
                             {"p": position}).scalar_one()
        conn.execute(text("UPDATE fundbook_events SET state = :s WHERE id = :p"),
                     {"s": bytes(state).replace(b"120.00", b"12.00"), "p": position})
    engine.dispose()
    r = opened("audit", "verify")
    assert r.code == 1
    assert r.err.splitlines()[0] == f"fund: audit: position {position}: event altered (its hash " \
                                    "no longer matches the chain)"
    assert opened("audit", "verify", "--json").json()["ok"] is False
    assert_refused(opened("audit", "verify", "--seal", "12:nothex"), 2, "--seal")


def test_year_close_and_the_record_as_of_a_past_date(opened):
    opened("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date", "2026-09-15",
           "--amount", "120.00")
    assert_refused(opened("year", "close", "2026-2027", "--date", "2027-08-31"), 1, "year close")
    r = opened("year", "close", "2026-2027", "--date", "2027-09-01")
    assert r.code == 0 and "moved to the reserve" in r.out
    assert opened("balance", "--json").json()["reserve"] == "120.00"
    assert opened("year", "show", "2026-2027", "--json").json()["status"] == "closed"
    before = opened("member", "show", "M1", "--as-of", "2026-09-14", "--json").json()
    assert before["years"] == {}
    after = opened("member", "show", "M1", "--as-of", "2026-09-15", "--json").json()
    assert after["years"]["2026-2027"]["paid"] == "120.00"
    assert opened("claim", "list", "--as-of", "2026-09-15", "--json").json() == {"claims": []}


def test_import_contributions_all_or_nothing_then_idempotent(opened, tmp_path):
    roster = tmp_path / "class-3.csv"
    rows = ["Member,Name,Born,Guardian,Receipt,Date,Amount,Class",
            "K1,赵一,2015-01-02,赵女士,K-R1,2026-09-12,120.00,3",
            "K2,赵二,2015-13-02,赵女士,K-R2,2026-09-12,120.00,3",
            "K3,赵三,2016-03-04,赵女士,K-R3,2026-09-12,120.00,3"]
    roster.write_text("\n".join(rows) + "\n", encoding="gb18030")
    before = events(opened.db_url)
    r = opened("import", "contributions", str(roster), "--year", "2026-2027")
    assert r.code == 2 and "Traceback" not in r.err
    assert "line 3, column born" in r.err and "nothing recorded" in r.err
    assert "warning: column 'Class'" in r.err  # as the file names it
    assert events(opened.db_url) == before
    rejects = tmp_path / "rejects.csv"
    r = opened("import", "contributions", str(roster), "--year", "2026-2027", "--skip-bad", str(rejects))
    assert r.code == 0, r.err
    assert "recorded 2" in r.out and "rejected 1" in r.out and "(gb18030)" in r.out
    lines = rejects.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",reason") and lines[1].startswith("K2,赵二,2015-13-02")
    # The rejects of last time are replaced only when the administrator says so.
    assert opened("import", "contributions", str(roster), "--year", "2026-2027", "--skip-bad",
                  str(rejects)).code == 2
    again = opened("import", "contributions", str(roster), "--year", "2026-2027", "--skip-bad",
                   str(rejects), "--force")
    assert "recorded 0, skipped as duplicates 2" in again.out
    assert opened("member", "show", "K3", "--json").json()["name"] == "赵三"


def test_import_of_several_schools_files_is_one_roster(opened, tmp_path):
    files = []
    for school in (1, 2):
        path = tmp_path / f"school-{school}.csv"
        path.write_text("member,name,born,guardian,receipt,date,amount\n" + "".join(
            f"K{school}{i},赵{i},2015-01-02,赵女士,K-R{school}{i},2026-09-12,120.00\n"
            for i in range(3)), encoding="utf-8")
        files.append(str(path))
    bad = tmp_path / "school-3.csv"
    bad.write_text("member,name,born,guardian,receipt,date,amount\n"
                   "K31,赵一,2015-01-02,赵女士,K-R31,2026-09-12,120.00\n"
                   "K32,赵二,2015-01-02,赵女士,K-R32,2026-09-12,12O.00\n", encoding="gb18030")
    before = events(opened.db_url)
    r = opened("import", "contributions", *files, str(bad), "--year", "2026-2027")
    assert r.code == 2 and "Traceback" not in r.err
    assert "school-3.csv line 3, column amount" in r.err and "nothing recorded" in r.err
    assert events(opened.db_url) == before
    assert_refused(opened("import", "contributions", *files, "--year", "2026-2027", "--skip-bad",
                          str(tmp_path / "rejects.csv")), 2, "--skip-bad")
    assert events(opened.db_url) == before
    r = opened("import", "contributions", *files, "--year", "2026-2027")
    assert r.code == 0, r.err
    assert r.out.startswith("2 files (utf-8): rows read 6, recorded 6, skipped as duplicates 0")
    assert opened("member", "show", "K22", "--json").json()["years"]["2026-2027"]["paid"] == "120.00"
    again = opened("import", "contributions", *files, "--year", "2026-2027")
    assert "recorded 0, skipped as duplicates 6" in again.out


@pytest.mark.parametrize("name, value", [("FUND_IMPORT_BATCH", "0"),
                                         ("FUND_IMPORT_BATCH", "5k"),
                                         ("FUND_IMPORT_FOLLOWER_FROM", "-1")])
def test_an_import_tuned_with_a_bad_number_of_rows_names_the_setting(opened, tmp_path,
                                                                      monkeypatch, name, value):
    roster = tmp_path / "roster.csv"
    roster.write_text("member,name,born,guardian,receipt,date,amount\n"
                      "K1,赵一,2015-01-02,赵女士,K-R1,2026-09-12,120.00\n", encoding="utf-8")
    before = events(opened.db_url)
    monkeypatch.setenv(name, value)
    assert_refused(opened("import", "contributions", str(roster), "--year", "2026-2027"), 2, name)
    assert events(opened.db_url) == before


def test_an_import_in_batches_of_one_row_records_each_row_once(opened, tmp_path, monkeypatch):
    roster = tmp_path / "roster.csv"
    roster.write_text("member,name,born,guardian,receipt,date,amount\n" + "".join(
        f"K{i},赵{i},2015-01-02,赵女士,K-R{i},2026-09-12,120.00\n" for i in range(5)),
        encoding="utf-8")
    monkeypatch.setenv("FUND_IMPORT_BATCH", "1")
    r = opened("import", "contributions", str(roster), "--year", "2026-2027")
    assert r.code == 0 and "recorded 5" in r.out, r.err
    assert opened("member", "show", "K4", "--json").json()["name"] == "赵4"


def test_every_command_is_found_in_the_module_the_table_names():
    """`fund` imports a command's module only when it runs: the table must name them all."""
    import importlib
    import pkgutil

    import click

    import commands
    from commands.main import COMMANDS

    found = {}
    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"commands.{info.name}")
        if hasattr(module, "register"):
            holder = click.Group()
            module.register(holder)
            found.update({name: info.name for name in holder.commands})
    assert found == COMMANDS


def test_a_claim_asked_for_before_it_was_submitted_is_said_not_yet_on_record(opened):
    assert opened("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
                  "2026-09-15", "--amount", "120.00").code == 0
    assert opened("hospital", "add", "HC", "--name", "City", "--level", "3", "--date",
                  "2026-09-01").code == 0
    assert opened("claim", "submit", "CL-1", "--member", "M1", "--hospital", "HC", "--bill",
                  "B1", "--type", "inpatient", "--admitted", "2027-01-05", "--discharged",
                  "2027-01-09", "--total", "5000", "--in-scope", "4000", "--date",
                  "2027-01-20").code == 0
    assert_refused(opened("claim", "show", "CL-1", "--as-of", "2027-01-19"), 1, "as of",
                   "claim 'CL-1' was not yet on record on 2027-01-19")
    assert opened("claim", "show", "CL-1", "--as-of", "2027-01-20", "--json").json()[
        "status"] == "assessed"


def test_an_answer_with_nowhere_to_go_is_not_called_the_store_being_full(opened):
    """Output sent to a full device (`> /dev/full`): one line saying the output could not be
    written, never that the store's disk is full (which would send someone to free space on
    the fund's server)."""
    import os
    import subprocess

    from shell import FUND

    with open("/dev/full", "w") as full:
        done = subprocess.run([FUND, "balance"], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, env={**os.environ, "PAGER": "cat"})
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 3 and len(lines) == 1, done.stderr
    assert "could not write the output" in lines[0] and "disk of the store" not in lines[0]
