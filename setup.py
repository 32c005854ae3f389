"""One build step of the fund's own: the translations' `.po` sources compiled into the `.mo`
catalogues gettext reads (Babel), when the package is built or installed (editable too), so
that no binary catalogue is committed. Everything else is in pyproject.toml."""

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
        super().run()


setup(cmdclass={"build_py": build_with_catalogues})
