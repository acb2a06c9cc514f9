"""Any table file of the content folder as records, whatever its format."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..errors import Problems
from .csv_file import csv_records
from .records import Record
from .xlsx_file import xlsx_records
from .yaml_file import yaml_records


TABLE_SUFFIXES = (".csv", ".xlsx", ".yml", ".yaml")


def table_records(path: Path, rel: str, problems: Problems) -> Iterable[Record]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return csv_records(path, rel, problems)
    if suffix == ".xlsx":
        return xlsx_records(path, rel, problems)
    return yaml_records(path, rel, problems)
