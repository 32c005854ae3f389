"""`fund`: the fund administrator's command line.

Commands only parse, call one use case of `ledger.application.Fund`, and render. Every refusal
is one line on stderr; exit 1 for a rule of the fund, 2 for bad usage or input, 0 otherwise.
"""

from __future__ import annotations

import getpass
import os
import sys
from datetime import date

import click

from ledger.language import N_, _

from .options import FundGroup

# Which module holds each command: a command's module is imported only when it runs, so a read
# command starts without loading the others (tests/cli/test_cli_contract.py checks this table).
COMMANDS = {
    "year": "year", "child": "registry", "hospital": "registry", "member": "registry",
    "contribute": "contributions", "contribution": "contributions", "donation": "contributions",
    "subsidy": "contributions", "income": "contributions", "import": "imports",
    "export": "exports",
    "claim": "claims_cli", "payout": "claims_cli", "assistance": "claims_cli",
    "balance": "books", "history": "books", "report": "report", "audit": "audit",
    "db": "db", "backup": "db", "key": "db", "demo": "demo", "assert": "bank",
    "reconcile": "bank", "operator": "operators", "renewals": "families",
    "notice": "families",
}


class LazyGroup(FundGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """A misspelt command gets the nearest names, as a misspelt subcommand does."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            from difflib import get_close_matches

            near = get_close_matches(name, COMMANDS, n=3)
            ctx.fail(_("No such command {name!r}. Did you mean {names}?", name=name,
                       names=_(" or ").join(map(repr, near))) if near else
                     _("No such command {name!r}.", name=name))
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMANDS.get(name)
        if module is None:
            return None
        import importlib

        holder = click.Group()
        importlib.import_module(f"commands.{module}").register(holder)
        return holder.commands.get(name)


class Context:
    """The options every command shares; the fund's store is opened on first use."""

    def __init__(self, db: str | None, operator: str | None, pager: bool = True):
        self.db = db or os.environ.get("FUND_DB") or None
        self.pager = pager
        self.operator = operator or os.environ.get("FUND_OPERATOR") or _login()
        self._fund = None
        self._quick = None

    def statements(self, as_of=None):
        """Who answers a read command: the views directly when they are current (quick), else
        the whole application (which catches them up, replays a past date, or explains)."""
        if self._fund is None and as_of is None and not os.environ.get("FUND_CIPHER_KEY"):
            from ledger.store.locations import DEFAULT_DB
            from ledger.projections.reads import quick

            self._quick = self._quick or quick(self.db or DEFAULT_DB, _today())
            if self._quick is not None:
                return self._quick
        return self.reader

    def authorise(self, command: str) -> None:
        """Before any command runs: the acting operator may run it (ledger/roles.py, checked
        by the application). A fund with no store yet has no operators: it runs open."""
        from ledger.errors import InputError
        from ledger.roles import WITHOUT_STORE, check, records

        if command in WITHOUT_STORE:
            return
        try:
            # A command that records opens the application anyway, which answers who acts on
            # its own connection (not a second one to the views).
            source = self.reader if records(command) else self.statements()
        except InputError:
            return  # no store: no operator on record yet
        if self._fund is not None:
            self.operator = self._fund.authorise(command)
            return
        operator, staffed, role = source.acting(self.operator)
        self.operator = operator
        check(command, operator, role, staffed)

    def store_files(self) -> list[str]:
        """The files of an SQLite store (none for PostgreSQL): never written over."""
        from ledger.store.locations import DEFAULT_DB, sqlite_path

        url = self.db or DEFAULT_DB
        if not url.startswith("sqlite"):
            return []
        path = sqlite_path(url)
        return [path] + [path + end for end in ("-wal", "-shm", "-journal")]

    def close(self) -> None:
        if self._quick is not None:
            self._quick.close()
            self._quick = None
        if self._fund is not None:
            self._fund.views.engine.dispose()
            self._fund.close()
            self._fund = None

    @property
    def fund(self):
        """The fund, for a command that records: its store is made if there is none yet."""
        return self._open(create=True)

    @property
    def reader(self):
        """The fund, for a command that only reads: never makes a store."""
        return self._open(create=False)

    def _open(self, create: bool):
        if self._fund is None:
            from ledger.app.fund import Fund

            self._fund = Fund(self.db, operator=self.operator, today=_today(), create=create)
        return self._fund


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def _today():
    """Today, or FUND_TODAY (YYYY-MM-DD) for training runs and tests."""
    fixed = os.environ.get("FUND_TODAY")
    if not fixed:
        return date.today
    from ledger.values import parse_date

    day = parse_date(fixed, "FUND_TODAY")
    return lambda: day


@click.group(cls=LazyGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", metavar="URL", help=N_("Database: sqlite:///FILE (default "
              "sqlite:///fund.db) or postgresql+psycopg://…; else $FUND_DB."))
@click.option("--operator", metavar="NAME", help=N_("Who is acting (recorded on every event); "
              "else $FUND_OPERATOR, else your login name."))
@click.option("--lang", type=click.Choice(["zh", "en"]), help=N_(
    "The language of what the fund prints: zh (中文) or en; else $FUND_LANG, else the "
    "locale ($LANG=zh_CN.UTF-8 gives Chinese). JSON is the same in both."))
@click.option("--no-pager", "no_pager", is_flag=True, help=N_(
    "Print long lists straight to the terminal instead of through $PAGER (less -FRX)."))
@click.option("--debug", is_flag=True, help=N_(
    "When the fund or its database fails, write the whole detail (the traceback, the "
    "database's own message) to fund-debug.log, never to the screen; else $FUND_DEBUG (1, or "
    "the log file's name)."))
@click.version_option(package_name="fundbook", prog_name="fund")
@click.pass_context
def cli(ctx: click.Context, db: str | None, operator: str | None, lang: str | None,
        no_pager: bool, debug: bool) -> None:
    """Fundbook: the ledger of a children's mutual-aid medical fund.

    Open a plan year from its rules file, register children and hospitals, take
    contributions and claims, run payouts, and let auditors rebuild every figure.
    Every change is recorded as an event; nothing is ever edited or deleted.

    Exit codes: 0 done; 1 refused by a rule of the fund; 2 bad usage or input; 75 the
    database failed (it was waited for up to $FUND_RECONNECT_SECONDS): run the same command
    again, nothing is done twice.
    """
    ctx.obj = Context(db, operator, pager=not no_pager)
    ctx.call_on_close(ctx.obj.close)




def main(argv: list[str] | None = None) -> None:
    """Run `fund`, turning every refusal into one line and an exit code, never a traceback,
    in the reader's language (chosen before click reads a word, so that its own usage errors
    are in that language too)."""
    from ledger.language import UnknownLanguage, choose, speaking

    args = sys.argv[1:] if argv is None else list(argv)
    try:
        lang = choose(_given_language(args))
    except UnknownLanguage as e:
        # said in the language the environment chooses without the value refused (the
        # locale's: LANG=zh_CN.UTF-8 reads Chinese), else English
        try:
            fallback = choose(None, {k: v for k, v in os.environ.items() if k != "FUND_LANG"}
                              if _given_language(args) is None else None)
        except UnknownLanguage:
            fallback = "en"
        with speaking(fallback):
            click.echo("fund: " + _("--lang / FUND_LANG: {value!r} is not zh or en",
                                    value=e.args[0]), err=True)
        sys.exit(2)
    _debug_logging(args)
    with speaking(lang):
        code = _run(args)
    sys.exit(code)


def _given_language(args: list[str]) -> str | None:
    """`--lang X` or `--lang=X` among the fund's own options (before the command's name)."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if not arg.startswith("-") and (i == 0 or args[i - 1] not in ("--db", "--operator")):
            return None  # the command's name: what follows is the command's
    return None


def _waited_out(args: list[str]) -> object:
    """The command, run again from the start when the database went away outside a unit of
    work (opening the store, a read before the first write), with backoff, for up to
    FUND_RECONNECT_SECONDS: every command of the fund goes on from what is recorded (a batch
    skips what is done, a single write finds its own save)."""
    from ledger.store import faults

    backoff = faults.Backoff()
    try:
        while True:
            try:
                return cli.main(args=args, prog_name="fund", standalone_mode=False)
            except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
                raise
            except Exception as e:  # noqa: BLE001 - only failures that pass are waited out
                backoff.wait(e)
                faults.rerun = True
    finally:
        faults.rerun = False


def _refuse(text: str) -> None:
    """A refusal: one line on stderr (on a terminal wrapped at its width, never inside a
    number or code)."""
    from .render import fitted

    click.echo(fitted(text, sys.stderr, indent="      "), err=True)


def _run(args: list[str]) -> int:
    from ledger.errors import FundError, InputError
    from ledger.language import current
    from ledger.store import faults

    t = current()
    faults.kept = None
    faults.waiting = lambda said: click.echo(f"fund: {said.render(t)}", err=True)
    try:
        result = _waited_out(args)
        return result if isinstance(result, int) else 0
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.exceptions.Abort:
        _refuse(_("fund: interrupted"))
        return 130
    except click.UsageError as e:
        where = _(" (see {command} --help)", command=e.ctx.command_path) if e.ctx else ""
        said = e.format_message()
        if said.endswith(".") and t.lang == "zh":  # click ends "缺少选项 '--date'" with its "."
            said = said[:-1] + "。"
        _refuse(f"fund: {said}{where}")
        return 2
    except click.ClickException as e:
        _refuse(f"fund: {e.format_message()}")
        return e.exit_code
    except InputError as e:
        _refuse(f"fund: {e.render(t, _as_option(e))}")
        return e.exit_code
    except FundError as e:
        _refuse(f"fund: {e.render(t)}")
        return e.exit_code
    except KeyboardInterrupt:
        _refuse(_("fund: interrupted"))
        return 130
    except Exception as e:  # noqa: BLE001 - the administrator gets one line, never a traceback
        return _unexpected(e, args)


# The domain names the fields of its input; the command line names the options that carry
# them (a field the table does not name is shown as the domain names it).
OPTIONS = {
    "db": "--db", "amount": "--amount", "hardship": "--hardship", "evidence": "--evidence",
    "level": "--level", "type": "--type", "in_scope": "--in-scope", "other_paid": "--other-paid",
    "discharged": "--discharged", "date": "--date", "reason": "--reason", "encoding": "--encoding",
    "note": "--note", "name": "--name", "category": "--category",
}


def _as_option(e) -> str:
    """The field of an input error as the administrator typed it: the option, not the
    domain's field (a file's column stays the column)."""
    if e.line is not None or e.field not in OPTIONS:
        return e.field
    return OPTIONS[e.field]


def _unexpected(e: Exception, args: list[str] = ()) -> int:
    """A failure no rule foresaw: the store's (the database gone, its disk full, locked too
    long: exit 75, run the same command again) in one line with what this command kept; any
    other in one line, the detail to the log only with FUND_DEBUG."""
    _log_detail(e, args)
    from ledger.language import ENGLISH, current
    from ledger.store import faults
    from ledger.store.admin import explain

    t = current()
    failure = faults.classify(e, _store_path(args))
    as_json = "--json" in args
    if failure is None:
        code, message = explain(e, t)
        _refuse(f"fund: {message}")
        return code
    kept = faults.kept
    said = [failure.message.render(t),
            kept.render(t) if kept else _("nothing of this command was recorded"),
            _("run the same command again: nothing is done twice")]
    if as_json:
        from .render import emit_json

        emit_json({"error": failure.code, "exit": faults.EXIT_TEMPFAIL,
                   "message": failure.message.render(ENGLISH),
                   "kept": kept.render(ENGLISH) if kept else None})
    _refuse("fund: " + _("; ").join(said))
    return faults.EXIT_TEMPFAIL


def _log_detail(e: Exception, args: list[str]) -> None:
    """The whole of a failure (its traceback, the driver's message with its SQL) for whoever
    looks into it, appended to a log file and never shown on the administrator's terminal:
    with `--debug` or FUND_DEBUG=1 `fund-debug.log` in the current folder, FUND_DEBUG=FILE
    that file. The terminal is told where it went."""
    path = _debug_path(args)
    if path is None:
        return
    import re
    import traceback
    from datetime import datetime

    try:
        with open(path, "a", encoding="utf-8") as log:
            said = re.sub(r"://([^:/@]*):[^@/]*@", r"://\1:***@", " ".join(args))
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')} fund {said}\n")
            log.write("".join(traceback.format_exception(e)))
    except OSError:
        return  # no log where asked: the one line still says what failed
    click.echo("fund: " + _("the whole detail is in {path}", path=os.path.abspath(path)),
               err=True)


def _debug_path(args: list[str]) -> str | None:
    """The debug log asked for (`--debug`, FUND_DEBUG=1 or FUND_DEBUG=FILE), or None."""
    chosen = os.environ.get("FUND_DEBUG")
    if not chosen and "--debug" not in args:
        return None
    return chosen if chosen and chosen != "1" else "fund-debug.log"


def _debug_logging(args: list[str]) -> None:
    """What the fund's own code logs (a helper process that failed and was done without)
    goes to the debug log, when one is asked for."""
    path = _debug_path(args)
    if path is None:
        return
    import logging

    logger = logging.getLogger("ledger")
    target = os.path.abspath(path)
    if any(getattr(h, "baseFilename", None) == target for h in logger.handlers):
        return  # `main` run again in one process (a test, a terminal's harness)
    handler = logging.FileHandler(target, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("--- %(asctime)s %(name)s: %(message)s"))
    logger.addHandler(handler)


def _store_path(args: list[str]) -> str | None:
    """The SQLite file of the store, if that is what is used (to name it, and its disk)."""
    url = os.environ.get("FUND_DB") or "sqlite:///fund.db"
    for i, arg in enumerate(args):
        if arg == "--db" and i + 1 < len(args):
            url = args[i + 1]
        elif arg.startswith("--db="):
            url = arg.split("=", 1)[1]
    if not url.startswith("sqlite"):
        return None
    from ledger.store.locations import sqlite_path

    try:
        return sqlite_path(url)
    except Exception:  # noqa: BLE001 - a URL that is not one: nothing to name
        return None
