"""`ssigen init`: a small, valid content folder a new user can build at once."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from .install_source import InstallSource, install_source, install_step

STARTER = Path(__file__).resolve().parent / "starter"
WORKFLOW = Path(__file__).resolve().parent / "github-pages-workflow.yml"
WORKFLOW_PATH = Path(".github") / "workflows" / "ssigen-pages.yml"


def write_starter(directory: Path, source: InstallSource | None = None) -> list[Path]:
    """The starter content in `directory`, and beside it (the repository's root, in the
    usual layout) a GitHub Actions workflow that publishes the site with exactly the
    running ssigen (`source`), unless one exists."""
    written = []
    for file in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        target = directory / file.relative_to(STARTER)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
        written.append(target)
    workflow = directory.resolve().parent / WORKFLOW_PATH
    if not workflow.exists():
        source = source or install_source()
        workflow.parent.mkdir(parents=True, exist_ok=True)
        text = WORKFLOW.read_text(encoding="utf-8")
        # The folder's name reaches the shell only through an environment variable, written
        # as a quoted YAML string: a name like "Acme; id" stays a name.
        name = json.dumps(directory.resolve().name, ensure_ascii=True)
        workflow.write_text(text.replace("__INSTALL__", install_step(source))
                            .replace("__CONTENT__", name), encoding="utf-8")
        written.append(workflow)
    return written
