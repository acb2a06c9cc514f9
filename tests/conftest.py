"""Shared fixtures: the sample built once, a copy of the sample, and `folder` (tests/folders.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

import ssigen

# The helpers' own checks report like a test's assertions.
pytest.register_assert_rewrite("tests.folders", "tests.hostile_cases", "tests.htmlparse")

from .folders import SAMPLE, folder, make_folder  # noqa: E402, F401 - `folder` is a fixture


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample content built once for the whole test session."""
    out = tmp_path_factory.mktemp("sample") / "site"
    ssigen.build(SAMPLE, out)
    return out


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A copy of the sample at tmp_path / "content", to change."""
    return make_folder(tmp_path / "content", base=SAMPLE)
