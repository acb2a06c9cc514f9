"""Where ssigen's own templates are, and whether a content folder has its own: light to
import, as an unchanged site's rebuild (for its fingerprint) and `check` ask only this."""
from __future__ import annotations

from pathlib import Path


def builtin_templates() -> Path:
    """Templates ship inside the package (wheel) or beside it (source checkout)."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise FileNotFoundError("ssigen's built-in templates are missing from the installation")


def has_templates(user_templates: Path | None) -> bool:
    """A content folder's templates/ holds at least one template (then pages run in Jinja's
    sandbox)."""
    return user_templates is not None and user_templates.is_dir() and any(
        p.is_file() for p in user_templates.rglob("*.html"))
