"""`ssigen serve`: build, serve on 127.0.0.1, and rebuild when the content changes."""
from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path
from typing import Callable

from .site.env import builtin_templates


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


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def start_server(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 for `site`, on `port` or the next free one."""
    handler = functools.partial(_Handler, directory=str(site))
    last_error = None
    for candidate in range(port, port + 20):
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
