"""`fund assert cash`: what the bank statement says the fund held, checked by `audit verify`."""

from __future__ import annotations

import click

from pathlib import Path

from ledger.language import Word, _, ngettext

from .options import ID, force_option, fund_of, group, json_option, output
from .render import answer, console, emit_json, table


@group("assert")
def assert_group() -> None:
    """Balance assertions: what the bank says, for `fund audit verify` to check."""


@assert_group.command("cash")
@click.argument("amount", metavar="AMOUNT")
@click.option("--on", "on", required=True, metavar="DATE",
              help="The statement's date: the cash held at the end of that day.")
@click.option("--reference", required=True, type=ID, help="The bank statement's reference.")
@json_option
@click.pass_context
def cash(ctx: click.Context, amount: str, on: str, reference: str, as_json: bool) -> None:
    """Record the cash a bank statement says the fund held at the end of a day. It is recorded
    whether or not the books agree; `fund audit verify` names each that does not."""
    from ledger.money import parse_amount
    from ledger.values import parse_date

    fund = fund_of(ctx)
    stated, new = fund.bank.assert_cash(parse_amount(amount, "AMOUNT", allow_zero=True),
                                        parse_date(on, "--on"), reference)
    books = fund.bank.books_cash(stated.on)
    difference = stated.amount - books
    doc = {"reference": reference, "on": stated.on, "amount": stated.amount, "books": books,
           "difference": difference, "agrees": difference == 0, "duplicate": not new}
    agreed = _("the books agree") if difference == 0 else _(
        "the books say {books:.2f}: a difference of {difference:+.2f} (audit verify will fail)",
        books=books, difference=difference)
    answer(as_json, doc,
           _("Recorded statement {reference}: cash {amount:.2f} at the end of {day}; "
             "{agreement}",
             reference=reference, amount=stated.amount, day=stated.on, agreement=agreed) if new
           else _("Statement {reference} was already recorded; {agreement}",
                  reference=reference, agreement=agreed))




@group("reconcile")
def reconcile_group() -> None:
    """Bank reconciliation: a statement's lines matched to the fund's cash movements."""


@reconcile_group.command("bank")
@click.argument("statement", metavar="STATEMENT.csv")
@click.option("--encoding", help="utf-8, utf-8-sig or gb18030 (default: detected).")
@click.option("--unmatched", metavar="FILE.csv",
              help="Write the bank's lines the fund has not recorded here, with a reason.")
@force_option
@json_option
@click.pass_context
def bank(ctx: click.Context, statement: str, encoding: str | None, unmatched: str | None,
         force: bool, as_json: bool) -> int:
    """Match each line of a bank statement (date,amount,reference,description; amounts
    signed) to a recorded cash movement with its reference and amount: a roster paid in with
    `import contributions --deposit REF` is one movement of its total, a payout run one of its
    total under the run's number. Lists the bank's lines without a match and the fund's
    movements in the statement's dates the bank does not show; records what matched, once:
    the same statement again changes nothing. Exit 1 if anything is unmatched.

    A statement as Chinese banks export it is read too: title lines above the table, Chinese
    columns (交易日期, 摘要, 对方户名, 收入金额 / 支出金额, 余额, 附言), thousands separators;
    its balance column is checked against the books' cash at the end of each day, and lines
    of no amount are listed."""
    from ledger.app.files import BankLine, BankStatementFile
    from ledger.app.imports import ImportReport, RosterError, row_error

    target = output(ctx, unmatched, "--unmatched", force, inputs=[statement]) if unmatched \
        else None
    source = BankStatementFile(statement, encoding)
    lines, report = [], ImportReport()
    for item in source.rows():
        report.read += 1
        if isinstance(item, BankLine):
            lines.append(item)
        else:  # (line, what is wrong with it)
            report.reject(row_error(*item))
    if report.rejected:
        raise RosterError(report, Word("bank statement"))
    done = fund_of(ctx).bank.reconcile(Path(statement).name, source.fingerprint(), lines)
    why = _("no recorded cash movement with this reference and amount (or matched already)")
    if target is not None:
        source.write_rejects(target, "--unmatched", force, {b.line: why for b in done.unmatched})
    doc = {
        "statement": Path(statement).name, "fingerprint": done.fingerprint,
        "lines": done.lines, "matched": len(done.matched), "already_reconciled": done.already,
        "unmatched_lines": [{"line": b.line, "date": b.day, "amount": b.amount,
                             "reference": b.reference, "description": b.description}
                            for b in done.unmatched],
        "not_on_statement": [{"date": m.day, "amount": m.amount, "reference": m.reference,
                              "event": m.what, "positions": list(m.positions)}
                             for m in done.not_shown],
        "unmatched_file": unmatched if target is not None else None,
        "zero_lines": [{"line": b.line, "date": b.day, "reference": b.reference,
                        "description": b.description} for b in done.zero],
        "balances": [{"date": b.day, "statement": b.statement, "books": b.books,
                      "difference": b.difference} for b in done.balances],
    }
    if as_json:
        emit_json(doc)
    else:
        out = console()
        out.print(_("{statement}: {lines} lines, {matched} matched (reconciled before: nothing "
                    "recorded)", statement=doc["statement"], lines=done.lines,
                    matched=len(done.matched)) if done.already else
                  _("{statement}: {lines} lines, {matched} matched", statement=doc["statement"],
                    lines=done.lines, matched=len(done.matched)))
        if done.unmatched:
            out.print(table(ngettext("{n} bank line the fund has not recorded",
                                     "{n} bank lines the fund has not recorded",
                                     len(done.unmatched)),
                            [_("Line"), _("Date"), _("Amount"), _("Reference"), _("Description")],
                            [(b.line, b.day, b.amount, b.reference, b.description)
                             for b in done.unmatched], right={0, 2}, wrap={4}, optional=(4,)))
        if done.not_shown:
            out.print(table(ngettext("{n} movement the bank does not show",
                                     "{n} movements the bank does not show",
                                     len(done.not_shown)),
                            [_("Date"), _("Amount"), _("Reference"), _("What")],
                            [(m.day, m.amount, m.reference, Word(MOVEMENTS.get(m.what, m.what)))
                             for m in done.not_shown],
                            right={1}, optional=(3,)))
        if done.zero:
            out.print(table(ngettext("{n} line of no amount (listed, nothing to match)",
                                     "{n} lines of no amount (listed, nothing to match)",
                                     len(done.zero)),
                            [_("Line"), _("Date"), _("Reference"), _("Description")],
                            [(b.line, b.day, b.reference, b.description) for b in done.zero],
                            right={0}, wrap={3}))
        if done.balances:
            out.print(table(_("The bank's balance at the end of each day against the books"),
                            [_("Date"), _("The bank says"), _("The books say"),
                             _("Difference")],
                            [(b.day, b.statement, b.books, b.difference or "")
                             for b in done.balances], right={1, 2, 3}))
            if done.disagreeing:
                out.print(ngettext("{n} day on which the bank's balance is not the books' cash",
                                   "{n} days on which the bank's balance is not the books' cash",
                                   len(done.disagreeing)))
    return 1 if done.unmatched or done.not_shown or done.disagreeing else 0


# A cash movement as the treasurer calls it (JSON keeps the event's name).
MOVEMENTS = {"Enrollment.Enrolled": "contribution", "Enrollment.Reenrolled": "contribution",
             "Enrollment.Reversed": "refund", "Donation.Received": "donation",
             "SubsidyRemittance.Received": "subsidy", "AssistanceRemittance.Received":
             "assistance", "Claim.RecoveryRepaid": "repayment", "PayoutRun.Made": "payout run"}


def register(cli: click.Group) -> None:
    cli.add_command(assert_group)
    cli.add_command(reconcile_group)
