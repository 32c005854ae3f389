"""The translator's tool: extract, update, compile and check the fund's catalogues (Babel).

    python -m tools.catalogue update [DOMAIN…]   extract every message, merge into each .po
    python -m tools.catalogue compile    .po -> .mo (setup.py does this at install)
    python -m tools.catalogue check      what the test suite checks: exit 1 on a message
                                         without its translation, or a placeholder dropped

Three domains, each with a template (`ledger/locale/DOMAIN.pot`) and a Chinese catalogue
(`ledger/locale/zh_CN/LC_MESSAGES/DOMAIN.po`):

- fundbook: the fund's own words. Babel's extractors know gettext calls, not click's help:
  this module's extractor reads the Python syntax tree for `_`, `N_`, `C_`, `ngettext` and
  `pgettext` calls, and also every `help="…"` of an option and the docstring of every
  command (what `--help` prints), so that help needs no marking of its own;
- click: click's own messages (usage lines, "Missing option" …), extracted from the
  installed click with Babel's Python extractor, since click looks them up with gettext;
- rulebook: every line of the feature files the board reads (titles, descriptions, steps),
  from which the rulebook is rendered in Chinese.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
from pathlib import Path
from typing import Iterable, Iterator

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "ledger" / "locale"
LANGUAGES = ("zh_CN",)
DOMAINS = ("fundbook", "click", "rulebook")
# click looks these up with gettext from a variable (`_(extra["required"])`), so no extractor
# finds them in its source: they are named here.
CLICK_BY_VARIABLE = ("required",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "C_": ((1, "c"), 2)}
_DECORATORS = {"command", "group"}
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]|%[sd]")


def extract_fund(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extraction method for the fund's Python: gettext calls, option help, command
    docstrings. A call whose message is not a plain string (an f-string, a variable) cannot
    be translated: it is reported as an error by `check`."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in KEYWORDS and node.args:
                if name == "C_":
                    first = node.args[0]
                    if _text(first) is not None:
                        yield node.lineno, "C_", ("code", _text(first)), []
                    continue
                texts = tuple(_text(a) for a in node.args[:2 if name != "_" else 1])
                if name in ("_", "N_"):
                    texts = texts[:1]
                yield node.lineno, name, texts if len(texts) > 1 else texts[0], []
            for kw in node.keywords:
                if kw.arg == "help" and _text(kw.value) is not None:
                    yield kw.value.lineno, "_", _text(kw.value), []
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if any(_name(d.func if isinstance(d, ast.Call) else d) in _DECORATORS
                   for d in node.decorator_list):
                doc = ast.get_docstring(node, clean=True)
                if doc:
                    yield node.lineno, "_", doc, []


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _text(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def untranslatable(paths: Iterable[Path]) -> list[str]:
    """Every gettext call whose message is not a plain string: file:line."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and _name(node.func) in KEYWORDS and node.args
                    and isinstance(node.func, ast.Name)):
                wanted = {"ngettext": 2, "pgettext": 2}.get(node.func.id, 1)
                if any(_text(a) is None for a in node.args[:wanted]):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def python_sources() -> list[Path]:
    """The code whose words a person reads: the fund, its CLI, and the rulebook's page."""
    return sorted([p for pkg in ("ledger", "commands") for p in (ROOT / pkg).rglob("*.py")]
                  + [ROOT / "tests" / "rulebook.py"])


def feature_lines(path: Path) -> Iterator[tuple[int, str]]:
    """The lines of a feature file a reader reads, as they are written (keywords included:
    `Given …` is translated whole, so that the Chinese reads in its own order); tables'
    cells, tags and comments are figures and codes, not words."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if not text or text.startswith(("#", "@", "|", '"""')):
            continue
        yield number, text


def extract(domain: str):
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir, extract_from_file

    catalog = Catalog(project="fundbook", domain=domain, charset="utf-8",
                      copyright_holder="Fundbook", fuzzy=False)
    if domain == "fundbook":
        for path in python_sources():
            for line, message, comments, context in extract_from_file(
                    extract_fund, str(path), keywords=KEYWORDS):
                catalog.add(message, locations=[(str(path.relative_to(ROOT)), line)],
                            context=context)
    elif domain == "click":
        import click

        folder = Path(click.__file__).parent
        for name, line, message, comments, context in extract_from_dir(
                str(folder), method_map=[("**.py", "python")],
                keywords={"_": None, "ngettext": (1, 2)}):
            catalog.add(message, locations=[(f"click/{name}", line)], context=context)
        for message in CLICK_BY_VARIABLE:
            catalog.add(message, locations=[("click/core.py", 0)])
    else:
        for path in sorted((ROOT / "features").glob("*.feature")):
            for line, text in feature_lines(path):
                catalog.add(text, locations=[(str(path.relative_to(ROOT)), line)])
    return catalog


def po_path(lang: str, domain: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"


def read(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f)


def write(path: Path, catalog) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=100, sort_output=False, include_previous=True)


def update(domains: Iterable[str] = DOMAINS) -> None:
    """Extract each domain's messages into its template, then merge them into each language's
    catalogue (Babel's `update`: new messages added untranslated, gone ones dropped)."""
    from babel.messages.catalog import Catalog

    for domain in domains:
        template = extract(domain)
        write(LOCALE / f"{domain}.pot", template)
        for lang in LANGUAGES:
            path = po_path(lang, domain)
            catalog = read(path) if path.exists() else Catalog(
                locale=lang, domain=domain, project="fundbook", copyright_holder="Fundbook",
                language_team="Fundbook 中文", last_translator="Fundbook", fuzzy=False)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.fuzzy = False
            catalog.obsolete.clear()  # git keeps what was; the catalogue keeps what is
            write(path, catalog)


def compile_all(root: Path = LOCALE) -> list[Path]:
    from babel.messages.mofile import write_mo

    written = []
    for po in sorted(root.rglob("*.po")):
        mo = po.with_suffix(".mo")
        with mo.open("wb") as f:
            write_mo(f, read(po))
        written.append(mo)
    return written


def problems() -> list[str]:
    """Every message of the code and the features without its Chinese translation, every
    translation that drops or adds a placeholder, every gettext call on a non-literal."""
    found = [f"{where}: a message that is not a plain string cannot be translated"
             for where in untranslatable(python_sources())]
    for domain in DOMAINS:
        wanted = extract(domain)
        for lang in LANGUAGES:
            path = po_path(lang, domain)
            if not path.exists():
                found.append(f"{path.relative_to(ROOT)}: missing")
                continue
            found += compare(wanted, read(path), f"{domain} {lang}")
    return found


def compare(wanted, have, label: str) -> list[str]:
    """What `have` (a language's catalogue) lacks of `wanted` (the messages of the code)."""
    found = []
    for message in wanted:
        if not message.id:
            continue
        got = have.get(message.id, context=message.context)
        name = _label(message)
        if got is None or not got.string or (isinstance(got.string, tuple)
                                              and not all(got.string)):
            found.append(f"{label}: not translated: {name}")
            continue
        if got.fuzzy:
            found.append(f"{label}: fuzzy: {name}")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = got.string if isinstance(got.string, tuple) else (got.string,)
        # A plural form may use either msgid's placeholders (click names its count
        # {possibility} in one and {possibilities} in the other); {n} may be left out.
        forms = [set(PLACEHOLDER.findall(i)) - {"{n}"} for i in ids]
        for string in strings:
            placeholders = set(PLACEHOLDER.findall(string)) - {"{n}"}
            if any(placeholders == form for form in forms):
                continue
            closest = min(forms, key=lambda f: len(f ^ placeholders))
            missing, extra = sorted(closest - placeholders), sorted(placeholders - closest)
            found.append(f"{label}: placeholders"
                         + (f" {missing} dropped" if missing else "")
                         + (f" {extra} added" if extra else "") + f": {name}")
    return found


def _label(message) -> str:
    text = message.id[0] if isinstance(message.id, tuple) else message.id
    return repr(text[:90])


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "check"
    if what == "update":
        update(argv[1:] or DOMAINS)
        return 0
    if what == "compile":
        for mo in compile_all():
            print(mo.relative_to(ROOT))
        return 0
    if what == "check":
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problem(s)")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
