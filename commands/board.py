"""`fund report years`: every plan year side by side, and what the record suggests the board
charge next year, with the reserve's cover of a bad year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import click

from ledger.language import N_, Message, _, current
from ledger.money import percent

from .options import command, force_option, json_option, output, reader_of
from .render import console, emit_json, say, table


def _ratio(text: str) -> Decimal:
    from ledger.money import parse_ratio

    value = parse_ratio(text, "--target-loss-ratio")
    if value <= 0:
        from ledger.errors import InputError

        raise InputError("--target-loss-ratio", N_("must be more than 0"))
    return value


@command("years")
@click.option("--target-loss-ratio", "target", default="0.90", show_default=True,
              metavar="R", help="The share of contributions and subsidies the benefits may "
              "take (the rest builds the reserve and pays the running costs).")
@click.option("--seed", default=2026, show_default=True, help="Seed of the resampled years "
              "(the same seed gives the same answer).")
@click.option("--chart", metavar="FILE.png", help="Also draw the years and the resampled "
              "next year.")
@click.option("--html", "html_file", metavar="FILE.html", help="Also write the board's paper: "
              "one self-contained HTML file, the chart inside.")
@force_option
@json_option
@click.pass_context
def years_report(ctx, target, seed, chart, html_file, force, as_json) -> None:
    """Every plan year side by side (children, income, benefits, loss ratio, claims per 1,000
    children, average and largest payout, reserve) and a suggested contribution for next
    year from the years that have ended, with its method; beside it the reserve's cover:
    next year resampled from the ended years' claims per child."""
    from ledger.errors import InputError

    if chart and not chart.lower().endswith(".png"):
        raise InputError("--chart", N_("the chart is written as a .png file"))
    chart_file = output(ctx, chart, "--chart", force) if chart else None
    paper = output(ctx, html_file, "--html", force) if html_file else None
    found = reader_of(ctx).reads.board(_ratio(target), seed)
    doc = document(found)
    if chart_file or paper:
        from ledger.app.files import replacing

        from .charts import years_chart

        if chart_file:
            with replacing(chart_file, "--chart", force) as scratch:
                years_chart(found, str(scratch))
        if paper:
            from .papers import years_paper

            with replacing(paper, "--html", force) as scratch:
                scratch.write_text(years_paper(found, doc, explained(found)),
                                   encoding="utf-8")
    if as_json:
        emit_json(doc)
        return
    out = console()
    out.print(years_table(found))
    for line in explained(found):
        say(line)
    if chart:
        say(_("Chart written to {path}", path=chart))
    if html_file:
        say(_("Board paper written to {path}", path=html_file))


def years_table(found: dict[str, Any]):
    """The years as columns, the measures as rows: a few years fit a narrow window."""
    years = found["years"]

    def pct(y):
        return _("{percent:.2f} %", percent=y.loss_ratio * 100) if y.loss_ratio is not None \
            else "—"

    rows = [
        (_("Children covered"), *[y.children for y in years]),
        (_("  paying"), *[y.paying for y in years]),
        (_("  hardship"), *[y.hardship for y in years]),
        (_("Contributions"), *[y.contributions for y in years]),
        (_("Subsidies"), *[y.subsidies for y in years]),
        (_("Donations"), *[y.donations for y in years]),
        (_("Benefits"), *[y.benefits for y in years]),
        (_("Loss ratio"), *[pct(y) for y in years]),
        (_("Claims per 1,000 children"), *[y.claims_per_1000 for y in years]),
        (_("Average payout"), *[y.average for y in years]),
        (_("Largest payout"), *[y.largest for y in years]),
        (_("Reserve after closing"), *[y.reserve if y.reserve is not None else "—"
                                       for y in years]),
    ]
    heads = ["", *[y.year + ("" if y.ended else " *") for y in years]]
    return table(_("Plan years side by side (* still running: shown, not used)"), heads, rows,
                 right=set(range(1, len(heads))), wrap={0})


def method(found: dict[str, Any]) -> list[Message]:
    """How the suggestion and the cover were worked out, in words a board member follows."""
    s, c = found["suggestion"], found["cover"]
    if s.amount is None:
        return [Message(N_("No plan year has ended yet: there is no experience to suggest a "
                           "contribution from."))]
    said = [Message(N_("Suggested contribution for next year: {amount} yuan per child."),
                    amount=s.amount),
            Message(N_("How: the benefits of each ended year ({years}) divided by its children "
                       "covered give its cost per child ({cost:.2f} in {last}); its yearly "
                       "growth over those years ({trend:.2f} %) is applied once more "
                       "({trended:.2f}); divided by the target loss ratio ({target}: "
                       "benefits may take that share of contributions and subsidies, the rest "
                       "builds the reserve), and rounded up to the yuan."),
                    years=", ".join(s.years_used), cost=s.cost_per_child, last=s.years_used[-1],
                    trend=s.trend * 100, trended=s.trended_cost, target=s.target_loss_ratio)]
    if len(s.years_used) == 1:
        said.append(Message(N_("With one ended year there is no trend yet: the growth is "
                               "taken as 0.")))
    if c is not None:
        said += [
            Message(N_("The reserve's cover: next year resampled {trials:,} times, each time "
                       "{children:,} child-years drawn with replacement from the {pool:,} "
                       "child-years of the ended years (seed {seed}), their benefits added "
                       "up."), trials=c.trials, children=c.children, pool=c.pool, seed=c.seed),
            Message(N_("At {amount} yuan per child the year brings {income:.2f}; with the "
                       "reserve of {reserve:.2f}, benefits exceed both in {chance:.1f} % of "
                       "the resampled years."), amount=s.amount, income=c.income,
                    reserve=c.reserve, chance=percent(c.shortfall_chance, "0.1")),
            Message(N_("A 1-in-20 bad year pays {bad:.2f} in benefits (a middling one "
                       "{median:.2f})."), bad=c.bad_year, median=c.median_year),
        ]
    return said


def explained(found: dict[str, Any]) -> list[str]:
    return [m.render(current()) for m in method(found)]


def document(found: dict[str, Any]) -> dict[str, Any]:
    """The JSON answer: the same keys and values in every language (the method in English)."""
    s, c = found["suggestion"], found["cover"]
    return {
        "years": [{
            "year": y.year, "ended": y.ended, "children": y.children, "paying": y.paying,
            "hardship": y.hardship, "contributions": y.contributions,
            "subsidies": y.subsidies, "donations": y.donations, "benefits": y.benefits,
            "loss_ratio_percent": percent(y.loss_ratio)
            if y.loss_ratio is not None else None,
            "claims": y.claims, "claims_per_1000": y.claims_per_1000,
            "average_payout": y.average, "largest_payout": y.largest,
            "reserve_after_close": y.reserve} for y in found["years"]],
        "suggestion": {
            "contribution": s.amount, "years_used": list(s.years_used),
            "cost_per_child": s.cost_per_child,
            "trend_percent": percent(s.trend)
            if s.trend is not None else None,
            "trended_cost": s.trended_cost, "target_loss_ratio": str(s.target_loss_ratio)},
        "cover": None if c is None else {
            "trials": c.trials, "seed": c.seed, "children": c.children, "child_years": c.pool,
            "income": c.income, "reserve": c.reserve,
            "shortfall_chance_percent": percent(c.shortfall_chance, "0.01"),
            "bad_year_benefits": c.bad_year, "median_year_benefits": c.median_year},
        "reserve": found["reserve"],
        "method": [str(m) for m in method(found)],
    }
