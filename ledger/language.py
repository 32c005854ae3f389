"""The fund's words in English and Chinese: gettext catalogues, managed with Babel.

The domain never translates. It marks the words it refuses with (`N_`, so that Babel extracts
them) and carries their parameters; the edge turns them into a sentence in the language the
reader chose, so the same refusal reads right in both and keeps one code in JSON. English is
the source language: its catalogue is the text in the code. Chinese is `locale/zh_CN`, in the
words of the fund's glossary (`../shared/GLOSSARY-zh.md`): `fundbook.po` for the fund's own
words, `click.po` for click's usage lines and errors, `rulebook.po` for the feature files.

The `.po` files are the sources; the `.mo` files are compiled from them when the package is
built or installed (setup.py), never committed. `python -m tools.catalogue` extracts, updates,
compiles and checks them (README: the translator's workflow).
"""

from __future__ import annotations

import gettext as _gettext
import os
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "fundbook"
CLICK_DOMAIN = "click"
RULEBOOK_DOMAIN = "rulebook"
LANGUAGES = ("en", "zh")
CATALOGUES = {"zh": "zh_CN"}  # the language as --lang names it: its catalogue's folder
_ALIASES = {"en": "en", "english": "en", "c": "en", "posix": "en",
            "zh": "zh", "cn": "zh", "chinese": "zh", "中文": "zh"}


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is written (the domain, a table of words);
    it is translated where it is shown."""
    return message


class Word(str):
    """A code the fund shows in words (a claim's status, a claim type, a reason code, a kind
    of record): the same string in JSON, translated where a person reads it."""


class Level(int):
    """A hospital level (1, 2, 3): "3" in an English sentence ("level {level}"), 三级 in a
    Chinese one, as Chinese medical insurance names the levels."""


class Words(tuple):
    """Codes shown in words together (the roles a command is for): listed in the reader's
    words, "assessor, treasurer" or "审核员、出纳"."""


def C_(code: str) -> Word:
    """Marks a code shown in words (a status, a type) for the catalogue, in the context
    "code"; it stays the code, and is translated where it is shown (`Translator.word`)."""
    return Word(code)


class Message:
    """A sentence not yet in any language: a msgid of the catalogue and its parameters (which
    may be Messages too). What a use case tells (why nothing was paid, what an audit found)
    is one of these: the edge renders it in the reader's language, JSON in English."""

    __slots__ = ("template", "params")

    def __init__(self, template: str, /, **params: Any):
        self.template = template
        self.params = params

    def render(self, t: "Translator") -> str:
        return t(self.template, **self.params)

    def __str__(self) -> str:
        return self.render(ENGLISH)

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Message) and other.template == self.template
                and other.params == self.params)

    __hash__ = None  # type: ignore[assignment]


class Translator:
    """One language's words: gettext lookups, and dates and numbers as its readers write them
    (Babel's locale data: 2026年9月1日 in Chinese; English keeps ISO dates, as the fund
    always printed them)."""

    def __init__(self, lang: str = "en", domain: str = DOMAIN):
        self.lang = lang
        folder = CATALOGUES.get(lang)
        if folder is None:
            self._catalogue: _gettext.NullTranslations = _gettext.NullTranslations()
            return
        self._catalogue = _gettext.translation(domain, LOCALE_DIR, [folder], fallback=True)
        if domain == DOMAIN:  # click's own words (its --help option, its version line) too
            self._catalogue.add_fallback(
                _gettext.translation(CLICK_DOMAIN, LOCALE_DIR, [folder], fallback=True))

    @property
    def chinese(self) -> bool:
        return self.lang == "zh"

    def gettext(self, message: str) -> str:
        return self._catalogue.gettext(message) if message else message

    def pgettext(self, context: str, message: str) -> str:
        return self._catalogue.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalogue.ngettext(singular, plural, n)

    def __call__(self, message: str, /, **params: Any) -> str:
        """The message in this language, its `{placeholders}` filled in."""
        text = self.gettext(message)
        return text.format(**self.values(params)) if params else text

    def plural(self, singular: str, plural: str, n: int, /, **params: Any) -> str:
        """`{n} claim` / `{n} claims`: the form for n (Chinese has one), filled in."""
        return self.ngettext(singular, plural, n).format(n=n, **self.values(params))

    def values(self, params: dict[str, Any]) -> dict[str, Any]:
        return {k: self.value(v) for k, v in params.items()}

    def value(self, v: Any) -> Any:
        """A parameter as this language shows it: words translated, dates in its form;
        amounts stay Decimal, so that a template's `{amount:.2f}` formats them."""
        if isinstance(v, Word):
            return self.word(v)
        if isinstance(v, Words):
            return self(N_(", ")).join(self.word(w) for w in v)
        if isinstance(v, Level):
            return self.word(f"level {int(v)}") if self.chinese else int(v)
        if isinstance(v, Message):
            return v.render(self)
        if isinstance(v, date) and not isinstance(v, datetime):
            return self.date(v)
        return v

    def word(self, code: str) -> str:
        """A code shown in words: its translation in the context "code" (so that `paid`, a
        claim's status, and `Paid`, a column, can be translated apart)."""
        return self.pgettext("code", code) if code else code

    def date(self, day: date | None) -> str:
        if day is None:
            return ""
        if not self.chinese:
            return day.isoformat()
        from babel.dates import format_date

        return format_date(day, "long", locale="zh_CN")

    def amount(self, value: Decimal | str | None, unit: bool = False) -> str:
        """An amount as the reader writes it: 1234.56 in English; 1,234.56 in Chinese,
        grouped by thousands as Chinese banks and statements write it (with 元 if `unit`)."""
        if value is None or value == "":
            return ""
        value = Decimal(value)
        if not self.chinese:
            return f"{value:.2f}"
        from babel.numbers import format_decimal

        text = format_decimal(value, "#,##0.00", locale="zh_CN")
        return f"{text} 元" if unit else text


ENGLISH = Translator("en")
_current = ENGLISH


def current() -> Translator:
    """The language of this command (English until the edge chooses)."""
    return _current


def _(message: str, /, **params: Any) -> str:
    """The message in the language of this command, `{placeholders}` filled in."""
    return _current(message, **params)


def ngettext(singular: str, plural: str, n: int, /, **params: Any) -> str:
    return _current.plural(singular, plural, n, **params)


def pgettext(context: str, message: str) -> str:
    return _current.pgettext(context, message)


class UnknownLanguage(ValueError):
    pass


def normalise(value: str) -> str:
    """`zh`, `zh_CN.UTF-8`, `zh-Hans`, `cn` → zh; `en`, `en_GB`, `C` → en."""
    key = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    found = _ALIASES.get(key)
    if found is None:
        raise UnknownLanguage(value)
    return found


def choose(option: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The reader's language: `--lang`, else FUND_LANG, else the locale (gettext's order:
    LANGUAGE, LC_ALL, LC_MESSAGES, LANG; Chinese for any zh_*), else English. An unknown
    --lang or FUND_LANG raises UnknownLanguage; an unknown locale is English."""
    environ = os.environ if environ is None else environ
    for given in (option, environ.get("FUND_LANG")):
        if given:
            return normalise(given)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            try:
                return normalise(value.split(":")[0])
            except UnknownLanguage:
                return "en"
    return "en"


@contextmanager
def speaking(lang: str) -> Iterator[Translator]:
    """Everything said inside speaks `lang`: the fund's words, and click's own, which click
    looks up with the standard gettext functions in the current text domain by the LANGUAGE
    variable (also what a helper process started meanwhile inherits). Both are put back after,
    so that a process running many commands (the tests) keeps none of them."""
    global _current
    saved = _current, os.environ.get("LANGUAGE"), _gettext.textdomain()
    _current = ENGLISH if lang == "en" else Translator(lang)
    _gettext.bindtextdomain(CLICK_DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(CLICK_DOMAIN)
    os.environ["LANGUAGE"] = CATALOGUES.get(lang, "en")
    try:
        yield _current
    finally:
        _current, language, domain = saved
        _gettext.textdomain(domain)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language
