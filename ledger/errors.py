"""The two ways a command is refused: by a rule of the fund, or by bad input.

The CLI maps them to exit codes 1 and 2; nothing is recorded when either is raised.

A refusal carries its rule (or field), a message and the message's parameters (amounts, dates,
codes), not a sentence: the rule and the message are msgids of the catalogue (marked `N_` where
they are written), and the edge renders them in the reader's language (`render(translator)`).
`str(e)`, `e.rule` and `e.message` are the English sentence, for logs and tests.
"""

from __future__ import annotations

from typing import Any

from .language import ENGLISH, N_, Translator, Word


class FundError(Exception):
    """Base of every refusal the fund explains to its administrator."""

    exit_code = 1

    def render(self, t: Translator) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __reduce__(self):  # carried whole to another process (its fields, not a sentence)
        return (_rebuilt, (type(self), dict(self.__dict__)))


def _rebuilt(cls: type, state: dict[str, Any]) -> FundError:
    found = cls.__new__(cls)
    Exception.__init__(found)
    found.__dict__.update(state)
    return found


class RuleViolation(FundError):
    """A rule of the fund refuses the command (exit 1). `rule` names the rule.

    `RuleViolation(N_("claim state"), N_("claim {claim} is {status}"), claim=c, status=s)`:
    both are templates of the catalogue, filled with the same parameters.
    """

    def __init__(self, rule: str, message: str, /, *, line: int | None = None, **params: Any):
        super().__init__()
        self.rule_id = rule
        self.template = message
        self.params = params
        self.line = line

    # The English is made when asked for (a log, a test, `str(e)`): a roster of a million rows
    # checked makes a refusal for every bad row, and most are only counted.
    @property
    def rule(self) -> str:
        return ENGLISH(self.rule_id, **self.params)

    @property
    def message(self) -> str:
        return ENGLISH(self.template, **self.params)

    def __str__(self) -> str:
        return self.render(ENGLISH)

    def render(self, t: Translator) -> str:
        where = t(N_("line {line}: "), line=self.line) if self.line is not None else ""
        return t(N_("{rule}: {message}"), rule=t(self.rule_id, **self.params),
                 message=where + t(self.template, **self.params))

    def at_line(self, line: int) -> "RuleViolation":
        """The same refusal, at a line of a file."""
        found = RuleViolation.__new__(type(self))
        Exception.__init__(found)
        found.__dict__.update(self.__dict__)
        found.line = line
        return found


class NotFound(RuleViolation):
    """The command names something the fund has no record of (exit 1)."""

    def __init__(self, what: str, key: str):
        super().__init__(N_("unknown {what}"), N_("no {what} {key!r} is on record"),
                         what=Word(what), key=key)
        self.what = what
        self.key = key


class NotYet(NotFound):
    """Something on record now that was not yet on record on the day asked about (exit 1)."""

    def __init__(self, what: str, key: str, day: Any):
        RuleViolation.__init__(self, N_("as of"), N_("{what} {key!r} was not yet on record on "
                                                     "{day}"), what=Word(what), key=key, day=day)
        self.what = what
        self.key = key


class InputError(FundError):
    """Bad input: a field that cannot be read (exit 2). `field` names it (an option, a column
    or a domain field; not translated: it is what the reader typed or the file says)."""

    exit_code = 2

    def __init__(self, field: str, message: str, /, line: int | None = None, **params: Any):
        super().__init__()
        self.field = field
        self.template = message
        self.params = params
        self.line = line

    @property
    def message(self) -> str:
        return ENGLISH(self.template, **self.params)

    def __str__(self) -> str:
        return self.render(ENGLISH)

    def render(self, t: Translator, field: str | None = None) -> str:
        """`field` as the reader typed it (an option, a column); a field that is a thing rather
        than a name (`Word("rules file")`) in the reader's words."""
        where = t(N_("line {line}: "), line=self.line) if self.line is not None else ""
        field = field or self.field
        label = t.word(field) if isinstance(field, Word) else field
        return where + t(N_("{field}: {message}"), field=label,
                         message=t(self.template, **self.params))

    def at_line(self, line: int) -> "InputError":
        return InputError(self.field, self.template, line=line, **self.params)


class UnreadableEvent(FundError):
    """A stored event the fund cannot read back: an unknown topic, bytes that are not its
    JSON, fields of the wrong kind. The fund never wrote such a row (exit 1)."""

    exit_code = 1

    def __init__(self, reason: str, position: int | None = None):
        super().__init__()
        self.reason = reason
        self.position = position

    def __str__(self) -> str:
        return self.render(ENGLISH)

    @property
    def problem(self) -> str:
        """As `fund audit verify` lists it: the position first."""
        return self.problem_in(ENGLISH)

    def problem_in(self, t: Translator) -> str:
        if self.position is None:
            return t(N_("an event: unreadable event ({reason}): altered, or written outside "
                        "the fund"), reason=self.reason)
        return t(N_("position {position}: unreadable event ({reason}): altered, or written "
                    "outside the fund"), position=self.position, reason=self.reason)

    def render(self, t: Translator) -> str:
        return t(N_("record altered: {problem}; run `fund audit verify`"),
                 problem=self.problem_in(t))

    def at(self, position: int) -> "UnreadableEvent":
        return UnreadableEvent(self.reason, position)
