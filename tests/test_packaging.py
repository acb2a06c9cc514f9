"""The wheel must carry every sub-package and the templates."""
from __future__ import annotations

import tomllib

from .conftest import ROOT


def test_every_subpackage_is_declared():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "ssigen").rglob("__init__.py")}
    assert found <= declared, f"add to pyproject.toml: {sorted(found - declared)}"
    assert config["tool"]["setuptools"]["package-dir"]["ssigen.templates"] == "templates"
