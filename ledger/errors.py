"""The two ways a command is refused: by a rule of the fund, or by bad input.

The CLI maps them to exit codes 1 and 2; nothing is recorded when either is raised.
"""


class FundError(Exception):
    """Base of every refusal the fund explains to its administrator."""

    exit_code = 1


class RuleViolation(FundError):
    """A rule of the fund refuses the command (exit 1). `rule` names the rule."""

    def __init__(self, rule: str, message: str):
        super().__init__(f"{rule}: {message}")
        self.rule = rule
        self.message = message


class NotFound(RuleViolation):
    """The command names something the fund has no record of (exit 1)."""

    def __init__(self, what: str, key: str):
        super().__init__(f"unknown {what}", f"no {what} {key!r} is on record")
        self.what = what
        self.key = key


class InputError(FundError):
    """Bad input: a field that cannot be read (exit 2). `field` names it."""

    exit_code = 2

    def __init__(self, field: str, message: str, line: int | None = None):
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{field}: {message}")
        self.field = field
        self.message = message
        self.line = line


class UnreadableEvent(FundError):
    """A stored event the fund cannot read back: an unknown topic, bytes that are not its
    JSON, fields of the wrong kind. The fund never wrote such a row (exit 1)."""

    exit_code = 1

    def __init__(self, reason: str, position: int | None = None):
        self.reason = reason
        self.position = position
        super().__init__(f"record altered: {self.problem}; run `fund audit verify`")

    @property
    def problem(self) -> str:
        """As `fund audit verify` lists it: the position first."""
        where = f"position {self.position}" if self.position is not None else "an event"
        return f"{where}: unreadable event ({self.reason}): altered, or written outside the fund"

    def at(self, position: int) -> "UnreadableEvent":
        return UnreadableEvent(self.reason, position)
