"""Every word a person reads has its Chinese translation: the catalogues are complete, keep
every placeholder, and the compiled catalogues are those of the sources."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools import catalogue  # noqa: E402


def test_every_message_of_the_code_click_and_the_features_is_translated():
    found = catalogue.problems()
    assert not found, "\n".join(found[:60]) + (
        "\n(python -m tools.catalogue update, translate, then check: see the README)")


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_the_compiled_catalogue_is_the_one_of_its_source(domain):
    """A .po edited without compiling would leave the fund speaking yesterday's words
    (setup.py compiles at install; `python -m tools.catalogue compile` by hand)."""
    import io

    po = catalogue.po_path("zh_CN", domain)
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: pip install -e . (or python -m tools.catalogue compile)"
    fresh = io.BytesIO()
    write_mo(fresh, catalogue.read(po))
    assert mo.read_bytes() == fresh.getvalue(), f"{mo} is older than {po.name}: compile again"


def _wanted(*messages) -> Catalog:
    wanted = Catalog(locale="en")
    for m in messages:
        wanted.add(m)
    return wanted


def test_the_check_finds_a_message_without_its_translation():
    have = Catalog(locale="zh_CN")
    have.add("Cash", "银行存款")
    found = catalogue.compare(_wanted("Cash", "Reserve"), have, "t")
    assert found == ["t: not translated: 'Reserve'"]


def test_the_check_finds_a_placeholder_dropped_or_added():
    have = Catalog(locale="zh_CN")
    have.add("claim {claim} is {status}", "报销申请 {claim} 状态为")
    have.add("paid {amount:.2f}", "已支付 {amount:.2f}，{extra}")
    found = catalogue.compare(_wanted("claim {claim} is {status}", "paid {amount:.2f}"), have, "t")
    assert found == ["t: placeholders ['{status}'] dropped: 'claim {claim} is {status}'",
                     "t: placeholders ['{extra}'] added: 'paid {amount:.2f}'"]


def test_the_check_finds_a_fuzzy_translation_and_a_message_built_at_run_time(tmp_path):
    have = Catalog(locale="zh_CN")
    have.add("Reserve", "准备金", flags=["fuzzy"])
    assert catalogue.compare(_wanted("Reserve"), have, "t") == ["t: fuzzy: 'Reserve'"]
    code = tmp_path / "x.py"
    code.write_text('x = 1\n_(f"claim {x}")\n_("fine {x}", x=x)\n')
    original = catalogue.ROOT
    catalogue.ROOT = tmp_path
    try:
        assert catalogue.untranslatable([code]) == ["x.py:2"]
    finally:
        catalogue.ROOT = original


def test_the_extractor_takes_option_help_and_command_docstrings_without_marking(tmp_path):
    source = tmp_path / "cmd.py"
    source.write_text(
        'import click\n'
        '@click.command("x")\n'
        '@click.option("--a", help="What a is.")\n'
        'def x(a):\n'
        '    """Do x.\n\n    At length."""\n'
        '    print(_("Done {a}", a=a), C_("paid"))\n'
        'def helper():\n'
        '    """Not a command: not extracted."""\n')
    with source.open("rb") as f:
        found = [m for _, _, m, _ in catalogue.extract_fund(f, catalogue.KEYWORDS, [], {})]
    assert sorted(map(str, found)) == sorted(map(str, [
        "What a is.", "Do x.\n\nAt length.", "Done {a}", ("code", "paid")]))
