"""Where the fund's store is: a database URL checked before anything connects to it (kept apart
from the persistence wiring so a read command can find the store without loading it)."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..language import N_

DEFAULT_DB = "sqlite:///fund.db"


def sqlite_path(url: str) -> str:
    """The file a sqlite:/// URL names (as written: relative to the working folder, or not)."""
    return url.split("///", 1)[-1].split("?", 1)[0]


def store_url(url: str | None) -> str:
    """Check a database URL and give SQLite a generous busy timeout for many terminals."""
    url = (url or DEFAULT_DB).strip()
    if url.startswith("sqlite"):
        if ":memory:" in url:
            raise InputError("db", N_("an in-memory database would lose every event; use a "
                                      "file"))
        path = sqlite_path(url)
        if not path:
            raise InputError("db", N_("{url!r} names no SQLite file"), url=url)
        parent = Path(path).expanduser().resolve().parent
        if not parent.is_dir():
            raise InputError("db", N_("folder {folder} does not exist"), folder=parent)
        if "timeout=" not in url:
            url += ("&" if "?" in url else "?") + "timeout=30"
        return url
    if url.startswith("postgresql"):
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    raise InputError("db", N_("{url!r} is neither a sqlite:/// nor a postgresql+psycopg:// URL"),
                     url=url)
