"""Any table file of the content folder as records, whatever its format."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..errors import Problems
from .csv_file import csv_records
from .records import Record
from .yaml_file import yaml_records


def table_records(path: Path, rel: str, problems: Problems) -> Iterable[Record]:
    if path.suffix.lower() == ".csv":
        return csv_records(path, rel, problems)
    return yaml_records(path, rel, problems)
