"""Compiles the text catalogues (.po -> .mo) whenever the package is built or installed.

pyproject.toml holds everything else; this file only adds that step to ``build_py``, which
``pip install .`` runs to fill the wheel and ``pip install -e .`` runs in editable mode, where
the .mo is written beside its .po in the source tree (the tree an editable install imports).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _pipeline() -> ModuleType:
    # Loaded by path, not imported as bot.i18n_catalogue: importing the package ``bot`` would
    # need dependencies the build environment does not have; this file needs only Babel.
    spec = importlib.util.spec_from_file_location("i18n_catalogue", HERE / "bot/i18n_catalogue.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithCatalogues(build_py):
    """``build_py``, then ``messages.mo`` for every ``messages.po``."""

    def run(self) -> None:
        super().run()
        target = None if self.editable_mode else Path(self.build_lib)
        for mo in _pipeline().compile_all(HERE, target):
            print(f"compiled {mo}")


setup(cmdclass={"build_py": BuildWithCatalogues})
