"""Running `ssigen import` as a person does, and seeing what it changed."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ssigen.cli import cli


def run_import(files, content: Path, *options: str):
    """`ssigen import FILES -c CONTENT OPTIONS` through Click; the result, after checking
    that nothing crashed and no traceback was printed."""
    result = CliRunner().invoke(
        cli, ["import", *(str(f) for f in files), "-c", str(content), *options])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output, result.output
    return result


def everything(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under root (hidden ones too), with the bytes of files."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}
