"""`ssigen serve`: build, serve on 127.0.0.1, and rebuild when the content changes."""
from __future__ import annotations

import functools
import http.server
import os
import stat
import threading
import time
from http import HTTPStatus
from pathlib import Path
from typing import Callable

from .render.html import builtin_templates


def snapshot_mtimes(folders: list[Path]) -> dict[str, float]:
    """Every file's modification time under `folders`: the cheapest portable change check."""
    times = {}
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                try:
                    if path.is_file():
                        times[str(path)] = path.stat().st_mtime_ns
                except OSError:
                    continue
    return times


def servable(site: str | Path, path: str | Path) -> bool:
    """True if `path` is a regular file or a folder of `site`, reached without following
    any symbolic link below `site` (the site folder itself may be one)."""
    root = Path(os.path.abspath(site))
    try:
        parts = Path(os.path.abspath(path)).relative_to(root).parts
        mode = os.stat(root).st_mode
        current = root
        for part in parts:
            current = current / part
            mode = os.lstat(current).st_mode
            if stat.S_ISLNK(mode):
                return False
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's own regular files only: a link placed in the site (to /etc, to a
    file elsewhere), a pipe or a device is answered 404, as if it were not there."""

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        refused = not servable(self.directory, path)
        if not refused and os.path.isdir(path):
            for index in ("index.html", "index.htm"):
                candidate = os.path.join(path, index)
                if os.path.lexists(candidate) and not servable(self.directory, candidate):
                    refused = True
        if refused:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        return super().send_head()

    def list_directory(self, path):
        """No folder listings (GitHub Pages has none either): a folder without an
        index.html is not found."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None


def start_server(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 for `site`, on `port` or the next free one."""
    handler = functools.partial(_Handler, directory=str(site))
    last_error = None
    for candidate in range(port, min(port + 20, 65536)):
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", candidate), handler)
        except OSError as exc:
            last_error = exc
            continue
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server
    raise OSError(f"no free port from {port} to {port + 19}: {last_error}")


def watch(content: Path, rebuild: Callable[[], None], interval: float = 1.0,
          stop: threading.Event | None = None) -> None:
    """Call `rebuild` whenever a file of the content folder or the templates changes."""
    folders = [content, builtin_templates()]
    seen = snapshot_mtimes(folders)
    stop = stop or threading.Event()
    while not stop.wait(interval):
        now = snapshot_mtimes(folders)
        if now != seen:
            seen = now
            time.sleep(0.2)  # let an editor finish writing
            rebuild()
