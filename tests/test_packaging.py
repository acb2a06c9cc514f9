"""Packaging: every sub-package and the templates in the wheel; safe floors for input parsers."""
from __future__ import annotations

import tomllib

from .folders import ROOT


def test_every_subpackage_is_declared():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "ssigen").rglob("__init__.py")}
    assert found <= declared, f"add to pyproject.toml: {sorted(found - declared)}"
    assert config["tool"]["setuptools"]["package-dir"]["ssigen.templates"] == "templates"


def test_parsers_of_untrusted_input_have_fixed_releases():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "dependencies"]
    assert "jinja2>=3.1.6" in dependencies        # sandbox escapes fixed in 3.1.5 and 3.1.6
    assert "markdown>=3.8.1" in dependencies      # CVE-2025-69534
    assert "pyyaml>=6.0.1" in dependencies
