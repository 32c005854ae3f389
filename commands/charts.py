"""The annual report's chart: monthly cash in and out, and the cash balance, as a PNG.

Its title, axes and legend are in the reader's language. Chinese needs a font with its
characters (matplotlib's own has none: every character would be a box): the first CJK font
matplotlib finds is used; when there is none, the chart is drawn in English, with one warning
saying how to install one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ledger.language import N_, Word, _, current, ngettext
from ledger.money import percent

# The months as the chart's axis names them (`%b` in English, whatever the locale).
MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
          N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))
PREFERRED_CJK = "Noto Sans CJK SC"
_CJK_HINTS = ("CJK", " SC", "Hei", "Song")


def cjk_font() -> str | None:
    """The name of a font matplotlib knows that has Chinese characters: Noto Sans CJK SC
    (Debian's fonts-noto-cjk) if present, else any font whose name says CJK, SC, Hei or Song
    (sans-serif, simplified Chinese first); None when there is none."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    if PREFERRED_CJK in names:
        return PREFERRED_CJK
    found = [n for n in names if any(hint in n for hint in _CJK_HINTS)]
    if not found:
        return None
    return min(found, key=lambda n: ("SC" not in n, "Sans" not in n and "Hei" not in n,
                                     "Mono" in n, n))


def chart_language() -> tuple[str, str | None]:
    """The language the chart is drawn in and the font it needs (None: matplotlib's own).
    Chinese without a Chinese font falls back to English, with a warning on stderr."""
    t = current()
    if not t.chinese:
        return t.lang, None
    font = cjk_font()
    if font is not None:
        return t.lang, font
    import click

    click.echo("fund: " + _("warning: no Chinese font found, so the chart's labels are in "
                            "English; install one with `apt-get install fonts-noto-cjk`"),
               err=True)
    return "en", None


def cash_chart(report: dict[str, Any], path: str, currency: str = "CNY") -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lang, font = chart_language()
    style = {"font.family": [font, "DejaVu Sans"]} if font else {}
    with matplotlib.rc_context(style), _drawn_in(lang):
        _draw(plt, report, path, currency)


def _drawn_in(lang: str):
    """The chart's words in `lang`: the reader's, or English when no font can show theirs."""
    from contextlib import nullcontext

    from ledger.language import speaking

    return nullcontext() if lang == current().lang else speaking(lang)


def _draw(plt: Any, report: dict[str, Any], path: str, currency: str) -> None:
    from matplotlib.ticker import FuncFormatter

    months = [m["month"] for m in report["cash_by_month"]]
    cash_in = [float(m["in"]) for m in report["cash_by_month"]]  # plotting only, never the ledger
    cash_out = [-float(m["out"]) for m in report["cash_by_month"]]
    balance = [float(m["balance"]) for m in report["cash_by_month"]]
    fig, ax = plt.subplots(figsize=(10, 6.2), dpi=120)
    x = range(len(months))
    ax.bar(x, cash_in, color="#2e7d32",
           label=_("Money in (contributions, subsidies, donations, medical assistance)"))
    ax.bar(x, cash_out, color="#c62828", label=_("Money out (payouts to families)"))
    ax.plot(x, balance, color="#1a237e", marker="o", linewidth=2,
            label=_("Cash at month end"))
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_xticks(list(x), [_month(m) for m in months])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    # the currency's code: a translation may name the axis around it (金额（{currency}）)
    ax.set_ylabel(_("{currency}", currency=Word(currency)))
    ax.set_title(_("Plan year {year}: cash in and out by month", year=report["year"]))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=9, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    ratio = report["loss_ratio_percent"]
    figures = {"benefits": report["benefits"]["total"], "currency": Word(currency),
               "reserve": report["reserve"]}
    approved = report["claims"]["approved"]
    if ratio is not None:
        note = ngettext("Benefits {benefits:,.2f} {currency} on {n} claim; loss ratio "
                        "{ratio:.2f} %; reserve {reserve:,.2f}",
                        "Benefits {benefits:,.2f} {currency} on {n} claims; loss ratio "
                        "{ratio:.2f} %; reserve {reserve:,.2f}", approved, ratio=ratio, **figures)
    else:
        note = ngettext("Benefits {benefits:,.2f} {currency} on {n} claim; loss ratio n/a; "
                        "reserve {reserve:,.2f}",
                        "Benefits {benefits:,.2f} {currency} on {n} claims; loss ratio n/a; "
                        "reserve {reserve:,.2f}", approved, **figures)
    fig.text(0.01, 0.01, note, fontsize=9, color="#333333")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.savefig(path, format="png")
    plt.close(fig)


def _month(month: str) -> str:
    """`2025-09` as the axis shows it: `Sep` over `2025`."""
    day = datetime.strptime(month, "%Y-%m")
    return _("{month}\n{year}", month=current().gettext(MONTHS[day.month - 1]), year=day.year)


def years_chart(found: dict[str, Any], path: str) -> None:
    """The board's chart: each plan year's contributions and subsidies beside its benefits,
    with its loss ratio; and next year resampled, against what the suggested contribution
    brings in and the reserve behind it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lang, font = chart_language()
    style = {"font.family": [font, "DejaVu Sans"]} if font else {}
    with matplotlib.rc_context(style), _drawn_in(lang):
        _draw_years(plt, found, path)


def _draw_years(plt: Any, found: dict[str, Any], path: str) -> None:
    from matplotlib.ticker import FuncFormatter

    years, suggestion, cover = found["years"], found["suggestion"], found["cover"]
    thousands = FuncFormatter(lambda v, _pos: f"{v:,.0f}")
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5.6), dpi=120,
                                      gridspec_kw={"width_ratios": [1.1, 1]})
    x = range(len(years))
    # plotting only (floats never reach the ledger)
    income = [float(y.contributions + y.subsidies) for y in years]
    benefits = [float(y.benefits) for y in years]
    left.bar([i - 0.2 for i in x], income, width=0.4, color="#2e7d32",
             label=_("Contributions and subsidies"))
    left.bar([i + 0.2 for i in x], benefits, width=0.4, color="#c62828", label=_("Benefits"))
    for i, y in enumerate(years):
        if y.loss_ratio is not None:
            left.annotate(_("{percent:.0f} %", percent=percent(y.loss_ratio, "1")),
                          (i + 0.2, benefits[i]), ha="center", va="bottom", fontsize=9)
    left.set_xticks(list(x), [y.year + ("" if y.ended else "\n" + _("(running)"))
                              for y in years])
    left.yaxis.set_major_formatter(thousands)
    left.set_title(_("Each year: what came in, what was paid (loss ratio)"))
    left.legend(fontsize=9, frameon=False)
    left.grid(axis="y", alpha=0.3)
    if cover is not None and cover.totals:
        totals = [t / 100 for t in cover.totals]
        right.hist(totals, bins=40, color="#90a4ae")
        lines = ((float(cover.income), "#2e7d32",
                  _("Income at {amount} yuan a child", amount=suggestion.amount)),
                 (float(cover.income + cover.reserve), "#1a237e", _("Income and reserve")),
                 (float(cover.bad_year), "#c62828", _("A 1-in-20 bad year")))
        for (value, color, label), style in zip(lines, ("-", "--", "-")):
            right.axvline(value, color=color, linewidth=2, linestyle=style, label=label)
        right.xaxis.set_major_formatter(thousands)
        right.set_title(_("Next year's benefits, resampled {trials:,} times",
                          trials=cover.trials))
        right.legend(fontsize=9, frameon=False)
        right.set_yticks([])
        fig.text(0.01, 0.01, _("Shortfall in {chance:.1f} % of the resampled years; suggested "
                               "contribution {amount} yuan per child",
                               chance=percent(cover.shortfall_chance, "0.1"),
                               amount=suggestion.amount),
                 fontsize=9, color="#333333")
    else:
        right.axis("off")
        right.text(0.5, 0.5, _("No plan year has ended yet"), ha="center", va="center")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(path, format="png")
    plt.close(fig)
