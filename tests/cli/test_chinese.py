"""The fund in Chinese: the README's everyday session read by a Chinese administrator, with no
English sentence left (codes, identifiers, names typed by people and JSON aside), JSON the same
byte for byte whichever language is chosen, and the language chosen as the README says."""

from __future__ import annotations

import json
import re

import pytest

from conftest import DEMO_TODAY, ROOT
from shell import run_in

# The README's everyday session (the demo year), and what it must hold in Chinese.
SESSION = [
    (["--help"], 0, "用法"),
    (["claim", "--help"], 0, "报销"),
    (["claim", "submit", "--help"], 0, "票据号"),
    (["member", "show", "C00007"], 0, "监护人"),
    (["claim", "show", "CL-0003"], 0, "起付线"),
    (["claim", "show", "CL-0001"], 0, "医疗救助"),
    (["claim", "list"], 0, "已支付"),
    (["balance"], 0, "银行存款"),
    (["history", "CL-0003"], 0, "2026年"),
    (["audit", "verify"], 0, "核验"),
    (["year", "show", "2025-2026"], 0, "封顶线"),
    (["--operator", "chen.jing", "payout", "run", "--date", "2026-09-30"], 0, "支付"),
    (["--operator", "li.na", "contribute", "C00007", "--year", "2025-2026", "--receipt",
      "R-ZH-1", "--date", "2025-09-15", "--amount", "1.00"], 1, "缴费金额："),
    (["--operator", "li.na", "claim", "approve", "CL-0002"], 1, "角色权限"),
    (["claim", "show", "CL-9999"], 1, "CL-9999"),
    (["balanse"], 2, "balance"),
    (["claim", "submit", "X1"], 2, "--member"),
    (["balance", "--as-of", "2026-13-01"], 2, "--as-of"),
    (["history", "NOPE"], 1, "没有编号 'NOPE' 的记录"),
    (["--operator", "chen.jing", "payout", "run"], 2, "缺少选项 '--date'。（"),
    (["--operator", "zhao.min", "claim", "list", "--year", "1999-2000"], 1, "未知的基金年度"),
]

# An English word of three letters or more that is not a code: what must not be left.
WORD = re.compile(r"(?<![A-Za-z0-9_\-/.:@$<{])[A-Za-z][a-z]{2,}(?:['’][a-z]+)?(?![A-Za-z0-9_\-/.])")
# Words that are codes or names in any language: the program's name, options' metavars,
# the database URLs and environment variables the help names, units and file formats.
ALLOWED = {"fund", "Fundbook", "sqlite", "postgresql", "psycopg", "json", "JSON", "csv", "CSV",
           "toml", "TOML", "html", "HTML", "png", "PNG", "xlsx", "Excel", "hledger",
           "beancount", "Beancount", "less", "gettext", "UTC", "zh", "en", "auto", "bash",
           "zsh", "fish", "Chromium", "PostgreSQL", "SQLite"}


def typed_words(env: dict) -> set[str]:
    """Every word a person typed into the demo year (names, hospitals, reasons, notes,
    donors): what the record holds as they wrote it, taken from the JSON answers."""
    words: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            words.update(re.findall(r"[A-Za-z]+(?:['’][a-z]+)?", value))

    for args in (["claim", "list"], ["hospital", "list"], ["income", "list"],
                 ["history", "CL-0003"], ["history", "CL-0001"], ["history", "C00007"],
                 ["claim", "show", "CL-0003"], ["claim", "show", "CL-0001"],
                 ["member", "show", "C00007"], ["year", "show", "2025-2026"]):
        walk(run_in(env, *args, "--json").json())
    return words


def english_left(text: str, allowed: set[str]) -> list[str]:
    """The English words of `text` that are neither codes, identifiers nor typed names."""
    text = re.sub(r"--[a-z][a-z-]*|\$[A-Z_]+|[a-z]+://\S*|\S+\.(?:py|csv|toml|db|png|html)"
                  r"|'[^'\s]*'|`[^`]*`"                 # values quoted: codes, identifiers
                  r"|\bfund(?: [a-z][a-z-]*)+"            # a command line: fund claim show
                  r"|\[?[a-z-]+(?:\|[a-z-]+)+\]?",         # choices: inpatient|outpatient-major
                  " ", text)
    # a command or a choice listed in help: the first word of an indented line
    text = re.sub(r"(?m)^\s+[a-z][a-z-]*(?=\s{2,}|\s*$)", " ", text)
    return [w for w in WORD.findall(text) if w not in allowed and w.lower() not in allowed]


@pytest.fixture
def chinese(demo_url):
    env = {"FUND_DB": demo_url, "FUND_TODAY": DEMO_TODAY.isoformat(), "FUND_LANG": "zh",
           "COLUMNS": "80", "PAGER": "cat"}
    return env


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
def test_the_everyday_session_reads_in_chinese_with_no_english_sentence_left(chinese):
    allowed = ALLOWED | typed_words({**chinese, "FUND_LANG": "en"})
    for args, code, must in SESSION:
        result = run_in(chinese, *args)
        shown = result.out + result.err
        assert result.code == code, (args, result.code, shown)
        assert must in shown, (args, shown)
        left = english_left(shown, allowed)
        assert not left, (args, left, shown)
        if code:
            assert len(result.err.strip().splitlines()) == 1, (args, result.err)


def test_the_check_finds_an_english_sentence_but_not_codes_or_names():
    allowed = ALLOWED | {"Wang"}
    assert english_left("报销申请 CL-0003：已支付 3790.64 元，H-CHILD，NOT_COVERED，Wang", allowed) == []
    assert english_left("fund: 未知的报销申请：no claim 'X' is on record", allowed) == [
        "claim", "record"]
    assert english_left("用法： fund claim show [OPTIONS] CLAIM --as-of DATE", allowed) == []
    assert english_left("命令：\n  balance  显示余额\n  --type [inpatient|outpatient-major]",
                        allowed) == []
    assert english_left("已核准: approved claims", allowed) == ["approved", "claims"]


@pytest.mark.parametrize("demo_url", ["sqlite", "postgres"], indirect=True)
@pytest.mark.parametrize("args", [["balance"], ["member", "show", "C00007"],
                                  ["claim", "show", "CL-0001"], ["claim", "list"],
                                  ["history", "CL-0003"], ["audit", "verify"],
                                  ["year", "show", "2025-2026"], ["hospital", "list"]],
                         ids=" ".join)
def test_json_is_the_same_byte_for_byte_in_either_language(demo_url, args):
    env = {"FUND_DB": demo_url, "FUND_TODAY": DEMO_TODAY.isoformat()}
    english = run_in({**env, "FUND_LANG": "en"}, *args, "--json")
    chinese = run_in({**env, "FUND_LANG": "zh"}, *args, "--json")
    assert english.code == chinese.code == 0, (english.err, chinese.err)
    assert english.out == chinese.out
    json.loads(chinese.out)


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("how, chinese", [
    ({"argv": ["--lang", "zh"]}, True),
    ({"argv": ["--lang=en"], "FUND_LANG": "zh"}, False),
    ({"FUND_LANG": "zh"}, True),
    ({"FUND_LANG": "zh", "LANG": "en_US.UTF-8"}, True),
    ({"LANG": "zh_CN.UTF-8"}, True),
    ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, True),
    ({"LANG": "en_GB.UTF-8"}, False),
    ({"LANG": "C"}, False),
    ({}, False),
], ids=lambda v: str(v) if not isinstance(v, bool) else "")
def test_the_language_is_chosen_by_option_then_fund_lang_then_the_locale(demo_url, how,
                                                                         chinese, monkeypatch):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "FUND_LANG"):
        monkeypatch.delenv(variable, raising=False)
    env = {"FUND_DB": demo_url, "FUND_TODAY": DEMO_TODAY.isoformat(),
           **{k: v for k, v in how.items() if k != "argv"}}
    shown = run_in(env, *how.get("argv", []), "balance").out
    assert ("银行存款" in shown) is chinese, shown
    assert ("Cash" in shown) is not chinese, shown


def test_an_unknown_language_is_refused_naming_the_choices(sqlite_url):
    result = run_in({"FUND_DB": sqlite_url, "FUND_LANG": "fr"}, "balance")
    assert result.code == 2 and "zh" in result.err and "en" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_an_unknown_language_is_refused_in_the_language_of_the_locale(sqlite_url, monkeypatch):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "FUND_LANG"):
        monkeypatch.delenv(variable, raising=False)
    result = run_in({"FUND_DB": sqlite_url, "LANG": "zh_CN.UTF-8"}, "--lang", "fr", "balance")
    assert result.code == 2 and result.err.strip() == "fund: --lang / FUND_LANG：'fr' 不是 zh 或 en"


def test_a_broken_rules_file_is_told_in_chinese_with_where_it_broke(chinese, tmp_path):
    bad = tmp_path / "rules.toml"
    bad.write_text('year = "2026-2027"\n[enrollment\n', encoding="utf-8")
    result = run_in(chinese, "year", "open", str(bad))
    assert result.code == 2 and result.err.startswith("fund: 规则文件：第 2 行第 12 列不是有效的 TOML")
    negative = tmp_path / "negative.toml"
    negative.write_text((ROOT / "examples" / "rules-2026-2027.toml").read_text(encoding="utf-8")
                        .replace('annual_cap = "200000.00"', 'annual_cap = "-5"'), encoding="utf-8")
    result = run_in(chinese, "year", "open", str(negative))
    assert result.code == 2 and result.err.startswith("fund: 规则文件：claims.annual_cap："), result.err
