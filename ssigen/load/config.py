"""ssigen.yml: the project's settings, read against the schema's CONFIG table."""
from __future__ import annotations

from ..errors import Problems
from ..model import Brand, Config, SalesNavigator
from .fields import Known
from .folder import ContentFolder
from .records import Record
from .schema import CONFIG
from .validate import read_record
from .yaml_file import LineDict, read_yaml

CONFIG_FILE = CONFIG.files[0]


def read_config(folder: ContentFolder, problems: Problems) -> Config | None:
    """The settings, every default applied; None when there is no usable title."""
    path = folder.root / CONFIG_FILE
    if not path.exists():
        problems.error(CONFIG_FILE, None, None, "the content folder has no ssigen.yml",
                       "run 'ssigen init' to start one, or point to the right folder")
        return None
    doc = read_yaml(path, CONFIG_FILE, problems)
    if doc is None:
        if not problems.errors:
            problems.error(CONFIG_FILE, None, "title", "file is empty; 'title' is required")
        return None
    if not isinstance(doc, LineDict):
        problems.error(CONFIG_FILE, 1, None, "expected a mapping of option: value")
        return None
    lines: dict[str, int] = {}
    for key, line in doc.key_lines.items():
        lines[key] = line
        if isinstance(doc[key], LineDict):
            for sub, subline in doc[key].key_lines.items():
                lines[f"{key}.{sub}"] = subline
    before = len(problems.errors)
    known = Known(asset_exists=folder.asset_exists)
    values = read_record(Record(CONFIG_FILE, doc.line, doc, lines), CONFIG, known,
                         problems).values
    if len(problems.errors) > before and "title" not in values:
        return None
    brand = values.pop("brand", {})
    seats = CONFIG.fields["sales_navigator"].defaults(values.pop("sales_navigator", {}))
    return Config(**values, brand=Brand(**brand), sales_navigator=SalesNavigator(**seats))
