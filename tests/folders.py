"""Content folders for tests, written from a table of files, in the style of MkDocs'
`@tempdir(files={...})`:

    make_folder(tmp_path / "content", {"notes/bob.md": "Hello", "deals.csv": None})

writes `base` (BASE unless told otherwise), then the given files on top of it. Text is
dedented (a triple-quoted block may be indented like the code around it), bytes are written
as they are (encodings, NUL bytes, tabs, CRLF), None deletes what the base holds there.
`base` is one of the tables below (BASE, PROBE, TINY, TEAM, CONTRAST), a folder on disk to
copy (SAMPLE, a hand-checked fixture under FIXTURES), or None to change an existing folder.

The `folder` fixture is make_folder at tmp_path / "content"; a module whose tests all start
from another folder overrides it (tests/test_load_errors.py starts from TEAM).
"""
from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Mapping, Union

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"               # the realistic sample: 16 people, deals, cohorts
FIXTURES = Path(__file__).resolve().parent / "fixtures"

Files = Mapping[str, Union[str, bytes, None]]

# A fixture folder's own files: what a test expects and how it was worked out, which are
# not part of the content format (a copy leaves them out).
NOT_CONTENT = frozenset({"expected.json", "README.md"})

# --------------------------------------------------------------------------- the folders

# The small valid folder every hostile case changes (tests/hostile_cases.py): two members
# with every column of members.csv, one snapshot each, a contact address.
BASE: dict[str, str | bytes] = {
    "ssigen.yml": "title: Hostile corpus baseline\n"
                  "client: Baseline Client\n"
                  "prepared_by: Baseline Consultant\n"
                  "contact: https://example.com/contact\n"
                  "as_of: 2026-06-30\n",
    "members.csv": "id,name,title,team,industry,manager,linkedin_url\n"
                   "alice,Alice Archer,Account Executive,Enterprise,Software,,"
                   "https://www.linkedin.com/in/alice-archer/\n"
                   "bob,Bob Baker,Sales Manager,Enterprise,Software,alice,\n",
    "snapshots/ssi.csv": "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n"
                         "alice,2026-06-01,15.5,12.25,10,14\n"
                         "bob,2026-06-01,9,8.5,7.75,11\n",
}

# BASE as the adversarial probe wrote it: a plainer report, no contact, no LinkedIn address,
# no manager (the privacy, YAML and notes cases found by that probe).
PROBE: dict[str, str | bytes] = {
    **BASE,
    "ssigen.yml": "title: Probe report\n"
                  "client: Probe Client\n"
                  "prepared_by: Probe Consultant\n"
                  "as_of: 2026-06-30\n",
    "members.csv": "id,name,title,team,industry,manager,linkedin_url\n"
                   "alice,Alice Archer,Account Executive,Enterprise,Software,,\n"
                   "bob,Bob Baker,Sales Manager,Enterprise,Software,,\n",
}

# The least a folder needs: a title, two members of one team, one snapshot each (the
# hostile-input, template-budget and publishing tests).
TINY: dict[str, str | bytes] = {
    "ssigen.yml": "title: T\n",
    "members.csv": "id,name,team\nann,Ann,A\nbob,Bob,A\n",
    "snapshots/ssi.csv": "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n"
                         "ann,2026-01-02,10,10,10,10\nbob,2026-01-02,12,12,12,12\n",
}

# A sales team of two with a manager (every input error of tests/test_load_errors.py changes
# one thing of it; ids long enough for "did you mean" to be tested).
TEAM: dict[str, str | bytes] = {
    "ssigen.yml": "title: Test report\n",
    "members.csv": "id,name,team,manager\n"
                   "alex-morgan,Alex Morgan,Sales,\n"
                   "sam-lee,Sam Lee,Sales,alex-morgan\n",
    "snapshots/ssi.csv": "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n"
                         "alex-morgan,2026-03-06,18.4,16.1,15.2,17.9\n"
                         "sam-lee,2026-03-06,12.1,11.4,8.7,13.2\n",
}


# Three members of one team (the audit and notes pages): Ann active with a strong profile,
# Bob quiet with a weak one and a note that tries to run scripts, Cat with activity only
# (an estimated score).
STRONG_PROFILE = {
    "photo": True, "banner": True, "custom_url": True, "contact_info": True, "location": True,
    "industry": True, "headline": "I help plant managers cut unplanned downtime with predictive "
    "maintenance", "about": "x" * 350,
    "current_position": {"title": "Account Manager", "description": "Industrial accounts"},
    "past_positions": 3, "education": 1, "skills": 25, "endorsements": 80,
    "recommendations": 4, "featured": 2,
}
WEAK_PROFILE = {
    "photo": False, "banner": False, "custom_url": False, "location": True, "industry": False,
    "headline": "Account Manager", "about": "",
    "current_position": {"title": "Account Manager", "description": ""},
    "past_positions": 1, "education": 0, "skills": 2, "recommendations": 0, "featured": 0,
}
CONTRAST = {
    "ssigen.yml": "title: T\nas_of: 2026-03-27\n",
    "members.csv": """
        id,name,title,team
        ann,Ann Active,Account Manager,Sales
        bob,Bob Quiet,Account Manager,Sales
        cat,Cat Estimate,Account Manager,Sales
    """,
    "snapshots/ssi.csv": """
        member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships,ssi.industry_insights
        ann,2025-12-26,15,15,15,15,
        ann,2026-03-27,22,21,20.5,22,
        bob,2025-12-26,12,12,6,11,
        bob,2026-03-27,11,11.5,5,10.5,12.25
    """,
    "snapshots/profiles.yml": f"""
        - member: ann
          date: 2026-03-27
          profile: {json.dumps(STRONG_PROFILE)}
          activity: {{connections: 1500, posts: 12, comments: 60, searches: 150, active_days: 22}}
        - member: bob
          date: 2026-03-27
          profile: {json.dumps(WEAK_PROFILE)}
          activity: {{connections: 40, posts: 0, comments: 1, searches: 5, active_days: 3}}
        - member: cat
          date: 2026-03-20
          activity: {{connections: 300, posts: 2}}
    """,
    "notes/bob.md": "Coaching **planned**.\n\n<script>alert(1)</script>\n\n"
                    "[x](javascript:alert(2)) <a href='#' onclick='alert(3)'>y</a>",
}


# --------------------------------------------------------------------------- the builder

def make_folder(root: Path, files: Files | None = None, *,
                base: Files | Path | None = BASE) -> Path:
    """Write the content folder `root`: `base`, then `files` on top of it; returns `root`.

    A text value is dedented (and its leading newlines dropped), bytes are written as they
    are, None deletes what the base (or an existing folder) holds at that path. A `base`
    folder on disk is copied with its symbolic links, without its NOT_CONTENT files."""
    root = Path(root)
    if isinstance(base, Path):
        def ignore(directory, names):
            return [n for n in names if n in NOT_CONTENT] if Path(directory) == base else []
        shutil.copytree(base, root, symlinks=True, ignore=ignore, dirs_exist_ok=True)
        table: dict[str, str | bytes | None] = dict(files or {})
    else:
        table = {**(base or {}), **(files or {})}
    root.mkdir(parents=True, exist_ok=True)
    for rel, data in table.items():          # deletions first: "x": None, "x/y": "..."
        if data is None:
            _remove(root / rel)
    for rel, data in table.items():
        if data is not None:
            _write(root / rel, data)
    return root


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def read_expected(case: Path) -> dict:
    """The expected.json of a hand-checked fixture folder."""
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def folder(tmp_path):
    """`folder(files, base=BASE)`: make_folder at tmp_path / "content"."""
    def make(files: Files | None = None, *, base: Files | Path | None = BASE) -> Path:
        return make_folder(tmp_path / "content", files, base=base)
    return make
