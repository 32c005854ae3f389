"""`fund claim …`, `fund payout run`, `fund assistance receive`."""

from __future__ import annotations

from decimal import Decimal

import click

from ledger.language import N_, Level, Word, _, current, ngettext

from .options import ID, date_option, fund_of, group, json_option, maybe_date, reader_of
from .render import answer, console, emit_json, plain, say, table


@group("claim")
def claim_group() -> None:
    """Claims: a hospital bill turned into an exact, explainable payout."""


@claim_group.command("submit")
@click.argument("claim", type=ID)
@click.option("--member", required=True, type=ID, help="The child's member number.")
@click.option("--hospital", required=True, help="Code of a designated hospital.", type=ID)
@click.option("--bill", required=True, help="The hospital's bill number.", type=ID)
@click.option("--type", "claim_type", required=True,
              type=click.Choice(["inpatient", "outpatient-major"], case_sensitive=False),
              help="An admission, or a month of outpatient treatment for a major disease.")
@click.option("--admitted", required=True, metavar="DATE", help="Admission date, YYYY-MM-DD.")
@click.option("--discharged", required=True, metavar="DATE", help="Discharge date, YYYY-MM-DD.")
@click.option("--total", required=True, metavar="AMOUNT", help="Total billed.")
@click.option("--in-scope", "in_scope", required=True, metavar="AMOUNT",
              help="Part within the medical-insurance catalogue.")
@click.option("--other-paid", "other_paid", default="0", metavar="AMOUNT",
              help="Already paid by other payers for in-scope items.")
@click.option("--diagnosis", metavar="CODE", help="Diagnosis; a package code (e.g. ALL) makes "
              "it a package claim.")
@click.option("--replaces", metavar="CLAIM", help="The rejected claim this one resubmits.", type=ID)
@date_option
@json_option
@click.pass_context
def submit(ctx, claim, member, hospital, bill, claim_type, admitted, discharged, total, in_scope,
           other_paid, diagnosis, replaces, on, as_json) -> None:
    """Submit a claim; it is assessed at once, or rejected with its reason code."""
    from ledger.money import parse_amount
    from ledger.values import parse_date, parse_id

    c, new = fund_of(ctx).submit_claim(
        claim, member, hospital,
        bill, claim_type, parse_date(admitted, "--admitted"),
        parse_date(discharged, "--discharged"), parse_amount(total, "--total"),
        parse_amount(in_scope, "--in-scope", allow_zero=True),
        parse_amount(other_paid, "--other-paid", allow_zero=True),
        parse_id(diagnosis, "--diagnosis") if diagnosis else None, maybe_date(on),
        replaces,
    )
    if as_json:
        emit_json(fund_of(ctx).claim_statement(c.claim))
    elif not new:
        say(_("Claim {claim} was already submitted; nothing changed", claim=claim))
    elif c.status == "rejected":
        say(_("Claim {claim} recorded as rejected: {reason} ({note})", claim=claim,
              reason=c.reason, note=_reason_note(c.reason, c.reason_note)))
    else:
        a = c.assessed
        text = _("Claim {claim} assessed: fund pays {payout:.2f}", claim=claim, payout=a.payout)
        if a.assistance:
            text += _(", medical assistance {assistance:.2f}", assistance=a.assistance)
        if a.cap_applied:
            text += _(" (cut to the annual cap)")
        say(text)


@claim_group.command("approve")
@click.argument("claim", type=ID, required=False)
@click.option("--all", "every", is_flag=True,
              help="Approve every assessed claim, in the order submitted, but those held.")
@click.option("--year", type=ID, help="With --all: only the claims of this plan year.")
@click.option("--hold-over", "hold_over", metavar="AMOUNT",
              help="With --all: hold for a person each claim assessed over this amount.")
@click.option("--sample", metavar="PERCENT",
              help="With --all: hold a seeded random sample of the rest for review.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="With --sample: the sample's seed (the same seed holds the same claims).")
@date_option
@json_option
@click.pass_context
def approve(ctx, claim, every, year, hold_over, sample, seed, on, as_json) -> None:
    """Approve an assessed claim (or --all of them): what it pays beyond what was paid
    becomes payable."""
    from ledger.errors import InputError
    from ledger.money import ZERO, parse_amount

    fund = fund_of(ctx)
    if every == (claim is not None):
        raise InputError("CLAIM", N_("name one claim, or approve --all"))
    if not every:
        if year or hold_over or sample:
            raise InputError("--all", N_("--year, --hold-over and --sample go with --all"))
        fund.approve_claim(claim, maybe_date(on))
        doc = fund.claim_statement(claim)
        answer(as_json, doc, _("Approved claim {claim}: {settlement}", claim=claim,
                               settlement=_settlement(doc)))
        return
    percent = parse_amount(sample, "--sample", allow_zero=True) if sample else ZERO
    if percent > 100:
        raise InputError("--sample", N_("{sample} is not a percentage (0 to 100)"),
                         sample=sample)
    done = fund.claims.approve_all(
        year, parse_amount(hold_over, "--hold-over", allow_zero=True) if hold_over else None,
        percent, seed, maybe_date(on), batch=_approve_batch())
    if as_json:
        emit_json({"approved": done.approved, "approved_total": done.approved_total,
                   "held": done.held, "refused": done.refused,
                   "left_for_another_assessor": done.left})
        return
    text = ngettext("Approved {n} claim for {total:.2f} in all",
                    "Approved {n} claims for {total:.2f} in all", done.approved,
                    total=done.approved_total)
    if done.held:
        held = _(", ").join(done.held[:20])
        if len(done.held) > 20:
            held = _("{claims} and {n} more", claims=held, n=len(done.held) - 20)
        text += _("; held for review: {claims}", claims=held)
    if done.left:
        left = _(", ").join(done.left[:20])
        if len(done.left) > 20:
            left = _("{claims} and {n} more", claims=left, n=len(done.left) - 20)
        text += _("; left for another assessor (you submitted them): {claims}", claims=left)
    say(text)


def _approve_batch() -> int:
    """FUND_APPROVE_BATCH: approvals per transaction (default 1,000)."""
    import os

    from ledger.errors import InputError

    raw = os.environ.get("FUND_APPROVE_BATCH", "1000").strip()
    if not raw.isdigit() or int(raw) < 1:
        raise InputError("FUND_APPROVE_BATCH", N_("{text!r} is not a whole number of "
                                                  "approvals, 1 or more"), text=raw)
    return int(raw)


@claim_group.command("reject")
@click.argument("claim", type=ID)
@click.option("--reason", required=True, metavar="CODE", help="A code of `fund claim reasons`.")
@click.option("--note", default="", help="Explanation for the family.")
@date_option
@json_option
@click.pass_context
def reject(ctx, claim, reason, note, on, as_json) -> None:
    """Reject a claim with a reason code."""
    from ledger.values import parse_text

    fund = fund_of(ctx)
    fund.reject_claim(claim, reason.strip().upper(),
                      parse_text(note, "--note", required=False), maybe_date(on))
    doc = fund.claim_statement(claim)
    answer(as_json, doc, _("Rejected claim {claim}: {reason}", claim=claim,
                           reason=doc["reason"]))


@claim_group.command("correct")
@click.argument("claim", type=ID)
@click.option("--reason", required=True, help="What was wrong.")
@click.option("--total", metavar="AMOUNT", help="The corrected total billed.")
@click.option("--in-scope", "in_scope", metavar="AMOUNT", help="The corrected in-scope part.")
@click.option("--other-paid", "other_paid", metavar="AMOUNT",
              help="The corrected amount paid by other payers.")
@date_option
@json_option
@click.pass_context
def correct(ctx, claim, reason, total, in_scope, other_paid, on, as_json) -> None:
    """Reverse an approved claim found wrong and assess it again (approve it afterwards)."""
    from ledger.money import parse_amount
    from ledger.values import parse_text

    def amount(v, f):
        return parse_amount(v, f, allow_zero=True) if v is not None else None

    fund = fund_of(ctx)
    c = fund.correct_claim(claim, parse_text(reason, "--reason"), amount(total, "--total"),
                           amount(in_scope, "--in-scope"), amount(other_paid, "--other-paid"),
                           maybe_date(on))
    answer(as_json, fund.claim_statement(claim),
           _("Reversed the approval of claim {claim}; reassessed: the fund pays {payout:.2f} "
             "in all (approve it again to settle what was paid)", claim=claim,
             payout=c.assessed.payout))


@claim_group.command("appeal")
@click.argument("claim", type=ID)
@click.option("--reason", required=True, help="What the family contests, and why.")
@date_option
@json_option
@click.pass_context
def appeal(ctx, claim, reason, on, as_json) -> None:
    """Record a family's appeal against a rejection or the amount approved, within the plan
    year's appeal_days of that decision."""
    from ledger.values import parse_text

    fund = fund_of(ctx)
    c = fund.claims.appeal(claim, parse_text(reason, "--reason"), maybe_date(on))
    if c.status == "rejected":
        text = _("Claim {claim}: the rejection of {decided} is under appeal; an assessor "
                 "decides it (fund claim decide-appeal {claim} --uphold|--overturn)",
                 claim=claim, decided=c.decided_on)
    else:
        text = _("Claim {claim}: the amount approved of {decided} is under appeal; an "
                 "assessor decides it (fund claim decide-appeal {claim} --uphold|--overturn)",
                 claim=claim, decided=c.decided_on)
    answer(as_json, fund.claim_statement(claim), text)


@claim_group.command("decide-appeal")
@click.argument("claim", type=ID)
@click.option("--uphold", is_flag=True, help="The decision stands.")
@click.option("--overturn", is_flag=True,
              help="The family is right: the claim is assessed again (approve it as usual).")
@click.option("--total", metavar="AMOUNT", help="With --overturn: the total billed, corrected.")
@click.option("--in-scope", "in_scope", metavar="AMOUNT",
              help="With --overturn: the in-scope part, corrected.")
@click.option("--other-paid", "other_paid", metavar="AMOUNT",
              help="With --overturn: paid by other payers, corrected.")
@click.option("--note", required=True, help="The decision, as the family is told it.")
@date_option
@json_option
@click.pass_context
def decide_appeal(ctx, claim, uphold, overturn, total, in_scope, other_paid, note, on,
                  as_json) -> None:
    """Decide a claim's appeal: --uphold keeps the decision; --overturn assesses the claim
    again (a rejected one as if newly accepted, an approved one as a correction), to be
    approved as usual. Both stay on the record."""
    from ledger.errors import InputError
    from ledger.money import parse_amount
    from ledger.values import parse_text

    if uphold == overturn:
        raise InputError("--uphold", N_("say --uphold or --overturn, one of them"))
    outcome = "overturn" if overturn else "uphold"

    def amount(v, f):
        return parse_amount(v, f, allow_zero=True) if v is not None else None

    fund = fund_of(ctx)
    c = fund.claims.decide_appeal(claim, outcome == "overturn", parse_text(note, "--note"),
                                  amount(total, "--total"), amount(in_scope, "--in-scope"),
                                  amount(other_paid, "--other-paid"), maybe_date(on))
    text = (_("Appeal on claim {claim} upheld: the decision stands ({status})", claim=claim,
              status=Word(c.status))
            if outcome == "uphold" else
            _("Appeal on claim {claim} overturned; reassessed: the fund pays {payout:.2f} "
              "(approve it as usual)", claim=claim, payout=c.assessed.payout))
    answer(as_json, fund.claim_statement(claim), text)


@claim_group.command("repay")
@click.argument("claim", type=ID)
@click.option("--amount", required=True, metavar="AMOUNT", help="Amount paid back.")
@click.option("--reference", required=True, help="The receipt given to the family.", type=ID)
@date_option
@json_option
@click.pass_context
def repay(ctx, claim, amount, reference, on, as_json) -> None:
    """Record a family paying back what it owes on a corrected claim."""
    from ledger.money import parse_amount

    fund = fund_of(ctx)
    repaid = parse_amount(amount, "--amount")
    new = fund.collect_recovery(claim, repaid, reference, maybe_date(on))
    owed = fund.claim(claim).recovery_owed
    answer(as_json, {"claim": claim, "reference": reference, "amount": repaid,
                     "duplicate": not new, "owed_back": owed},
           _("Recorded repayment {reference} of {amount:.2f} on claim {claim}; still owed back "
             "{owed:.2f}", reference=reference, amount=repaid, claim=claim, owed=owed) if new
           else _("Repayment {reference} of claim {claim} was already recorded; nothing "
                  "changed; still owed back {owed:.2f}", reference=reference, claim=claim,
                  owed=owed))


@claim_group.command("reasons")
@json_option
def reasons(as_json) -> None:
    """The reason codes a claim can be rejected with."""
    from ledger.assessment import AUTOMATIC_REASONS, REASONS

    if as_json:
        emit_json(REASONS)
        return
    t = current()
    console().print(table(_("Reasons for rejecting a claim"),
                          [_("Code"), _("Meaning"), _("Found by")],
                          [(k, t(v), _("the rules, at submission") if k in AUTOMATIC_REASONS
                            else _("an assessor")) for k, v in REASONS.items()], wrap={1, 2}))


AS_OF = click.option("--as-of", "as_of", metavar="DATE", help="As the record stood on a past date.")


@claim_group.command("show")
@click.argument("claim", type=ID)
@AS_OF
@json_option
@click.pass_context
def show(ctx, claim, as_of, as_json) -> None:
    """A claim as a statement a parent can follow and an auditor can recompute."""
    on = maybe_date(as_of, "--as-of")
    doc = ctx.obj.statements(on).claim_statement(claim, on)
    if as_json:
        emit_json(doc)
        return
    out = console()
    t = current()
    out.print(_("Claim {claim} for {member}, {type} at {hospital} (level {level}), bill {bill}, "
                "{admitted} to {discharged}, plan year {year}: {status}", claim=doc["claim"],
                member=doc["member"], type=Word(doc["type"]), hospital=doc["hospital"],
                level=Level(doc["level"]), bill=doc["bill"], admitted=doc["admitted"],
                discharged=doc["discharged"], year=doc["year"],
                status="[bold]" + t.word(doc["status"]) + "[/bold]"))
    if doc["reason"]:
        out.print(_("Rejected: {reason}: {note}", reason=doc["reason"],
                    note=_reason_note(doc["reason"], doc["reason_note"])))
    if doc["appeal"]:
        out.print({"open": _("Under appeal: waiting for a decision"),
                   "upheld": _("Appealed: the decision was upheld"),
                   "overturned": _("Appealed: the decision was overturned")}[doc["appeal"]])
    rows = [(_("Billed"), doc["total"]),
            (_("Within the catalogue (in scope)"), doc["in_scope"]),
            (_("Already paid by other payers"), doc["other_paid"])]
    if doc["base"] is not None:
        rows += [
            (_("Base (package {package}, limited cost)", package=doc["package"])
             if doc["package"] else _("Base"), doc["base"]),
            (_("Deductible"), doc["deductible"]),
            (_("Ratio"), plain(doc["ratio"])),
            (_("Computed"), doc["computed"]),
            (_("Cap left this year"), doc["cap_left"]),
            (_("Fund pays (cut to the cap)") if doc["cap_applied"] else _("Fund pays"),
             doc["payout"]),
            (_("Medical assistance pays"), doc["assistance"]),
            (_("Family pays"), doc["family_pays"]),
            (_("Paid to the family so far"), doc["received"]),
            *([(_("Medical assistance passed on so far"), doc["assistance_paid"])]
              if doc["assistance"] else []),
            (_("Payable (still to be paid)"), doc["payable"]),
        ]
    if doc["recovery"]:
        rows.append((_("Owed back by the family (paid beyond a correction)"), doc["recovery"]))
    out.print(table(_("Statement"), ["", _("Amount")], rows, right={1}, wrap={0}))
    if doc["rules_version"]:
        out.print(_("Assessed under the rules of {year}, version {version} ({fingerprint})",
                    year=doc["year"], version=doc["rules_version"],
                    fingerprint=doc["rules_fingerprint"]))


@claim_group.command("list")
@click.option("--status", type=click.Choice(["submitted", "assessed", "approved", "paid",
                                             "rejected", "appealed"], case_sensitive=False),
              help="Only claims in this state (appealed: an appeal waits for a decision).")
@click.option("--year", type=ID, help="Only claims of this plan year.")
@click.option("--member", type=ID, help="Only this child's claims.")
@click.option("--hospital", type=ID, help="Only claims at this hospital.")
@AS_OF
@json_option
@click.pass_context
def list_(ctx, status, year, member, hospital, as_of, as_json) -> None:
    """List claims, filtered by status, plan year, member or hospital."""
    docs = reader_of(ctx).claim_list(maybe_date(as_of, "--as-of"), status=status, year=year,
                                   member=member, hospital=hospital)
    if as_json:
        emit_json({"claims": docs})
        return
    console().print(table(ngettext("{n} claim", "{n} claims", len(docs)),
                          [_("Claim"), _("Member"), _("Year"), _("Hospital"), _("Type"),
                           _("Status"), _("Payout"), _("Paid"), _("Reason")],
                          [(d["claim"], d["member"], d["year"], d["hospital"], Word(d["type"]),
                            Word("appealed" if d["appeal"] == "open" else d["status"]),
                            d["payout"], d["paid"], d["reason"]) for d in docs],
                          right={6, 7}, optional=(2, 4, 3)))


@group("payout")
def payout_group() -> None:
    """Money leaving the fund."""


@payout_group.command("run")
@click.option("--date", "on", required=True, metavar="DATE", help="Date of the run, YYYY-MM-DD.")
@json_option
@click.pass_context
def run(ctx, on, as_json) -> None:
    """Pay every payable claim from the cash; pro rata to the fen when cash is short."""
    from ledger.values import parse_date

    fund = fund_of(ctx)
    day = parse_date(on)
    made = fund.run_payouts(day)
    if made is None:
        why = fund.payouts.nothing_to_pay(day)
        answer(as_json, {"run": None, "payments": [], "paid": "0.00", "why": str(why)},
               _("Nothing to pay on {day}: {why}", day=day, why=why.render(current())))
        return
    doc = {"run": made.run, "date": on, "cash_available": made.cash_available,
           "payable": made.payable, "paid": made.paid,
           "payments": [{"claim": c, "member": m, "year": y, "amount": a}
                        for c, m, y, a in made.payments],
           "assistance": [{"claim": c, "member": m, "year": y, "amount": a}
                          for c, m, y, a in made.assistance_payments]}
    if as_json:
        emit_json(doc)
        return
    console().print(table(_("Payout run {run} on {day}: paid {paid:.2f} of {payable:.2f} "
                            "payable", run=made.run, day=day, paid=made.paid,
                            payable=made.payable), [_("Claim"), _("Member"), _("Paid")],
                          [(p["claim"], p["member"], p["amount"]) for p in doc["payments"]],
                          right={2}))
    if doc["assistance"]:
        say(ngettext("Medical assistance passed on to {n} family: {amount:.2f}",
                     "Medical assistance passed on to {n} families: {amount:.2f}",
                     len(doc["assistance"]),
                     amount=sum((Decimal(p["amount"]) for p in doc["assistance"]),
                                Decimal("0.00"))))


@group("assistance")
def assistance_group() -> None:
    """Medical assistance for hardship children, passed through the fund."""


@assistance_group.command("receive")
@click.option("--amount", required=True, metavar="AMOUNT", help="Amount remitted.")
@click.option("--reference", required=True, type=ID, help="The remittance's reference.")
@click.option("--date", "on", required=True, metavar="DATE", help="Date received, YYYY-MM-DD.")
@json_option
@click.pass_context
def assistance_receive(ctx, amount, reference, on, as_json) -> None:
    """Record the medical-assistance payer's remittance."""
    from .contributions import remittance

    remittance(fund_of(ctx).receive_assistance, "medical assistance", amount, reference, on,
               as_json)


def _settlement(doc: dict) -> str:
    """What an approval settles, exactly: payable, paid already, owed back."""
    parts = [_("the fund pays {payout:.2f} in all", payout=doc["payout"])]
    if doc["received"]:
        parts.append(_("{received:.2f} paid to the family already", received=doc["received"]))
    parts.append(_("{payable:.2f} payable to the family of {member}", payable=doc["payable"],
                   member=doc["member"]))
    if doc["recovery"]:
        parts.append(_("{recovery:.2f} owed back by the family", recovery=doc["recovery"]))
    return _("; ").join(parts)


def _reason_note(code: str, note: str | None) -> str:
    """What a rejected claim's family is told: the note recorded, or the reason's meaning in
    the reader's language when the note is that meaning (in English, as it was recorded)."""
    from ledger.assessment import REASONS

    meaning = REASONS.get(code)
    if meaning is not None and (not note or note == meaning):
        return current()(meaning)
    return note or ""


def register(cli: click.Group) -> None:
    for each in (claim_group, payout_group, assistance_group):
        cli.add_command(each)
