"""Today's key pages of the sample match the approved golden pages (see tests/golden.py)."""
import difflib

import pytest

from .golden import GOLDEN, PAGES, build_pages, golden_name


@pytest.fixture(scope="module")
def pages():
    return build_pages()


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden(pages, page):
    expected = (GOLDEN / golden_name(page)).read_text(encoding="utf-8")
    if pages[page] != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), pages[page].splitlines(keepends=True),
            f"golden/{golden_name(page)}", page, n=2))
        pytest.fail(f"{page} differs from its golden page "
                    f"(refresh with `python -m tests.golden` if intended):\n{diff[:6000]}")
