from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

import ssigen

from .folders import folder, make_folder  # noqa: F401 - `folder` is a fixture

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"


def write_folder(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a content folder from {relative path: text}; text is dedented."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")
    return root


NOT_CONTENT = {"expected.json", "README.md"}


def copy_fixture(src: Path, dst: Path) -> Path:
    """Copy a fixture folder to `dst`, without its expected.json and README.md (which are
    the test's, not part of the content format)."""
    def ignore(directory, names):
        return [n for n in names if n in NOT_CONTENT] if Path(directory) == src else []

    shutil.copytree(src, dst, ignore=ignore)
    return dst


def read_expected(folder: Path) -> dict:
    return json.loads((folder / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample content built once for the whole test session."""
    out = tmp_path_factory.mktemp("sample") / "site"
    ssigen.build(SAMPLE, out)
    return out


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    return make_folder(tmp_path / "content", base=SAMPLE)
