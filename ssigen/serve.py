"""`ssigen serve`: build, serve on 127.0.0.1, rebuild when the content changes, and reload
the browser, as MkDocs' livereload does.

The reload hook is a script added to the HTML the server sends, never to the built files:
it waits on /__ssigen__/wait for the next build, then reloads the page, or shows the errors
of a build that failed (the last good site stays). watchfiles tells when files change.
"""
from __future__ import annotations

import functools
import html
import http.server
import io
import json
import os
import stat
import threading
import urllib.parse
from http import HTTPStatus
from pathlib import Path
from typing import Callable

from .render.html import builtin_templates


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


class LiveState:
    """The number of the latest build and the errors of the latest attempt, which browsers
    wait on."""

    def __init__(self):
        self.build = 0
        self.errors: list[str] = []
        self.changed = threading.Condition()

    def built(self, errors: list[str] | None = None) -> None:
        with self.changed:
            self.build += 1
            self.errors = list(errors or [])
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float = 25.0) -> dict:
        with self.changed:
            self.changed.wait_for(lambda: self.build != seen, timeout=timeout)
            return {"build": self.build, "errors": self.errors}


HOOK_PATH = "/__ssigen__/"
LIVE_JS = """(function () {
  var script = document.currentScript, seen = Number(script.dataset.build);
  function show(errors) {
    var box = document.getElementById("ssigen-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "ssigen-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;top:0;z-index:99;padding:1rem;" +
        "background:#fef2f2;color:#7f1d1d;border-bottom:3px solid #b91c1c;" +
        "font:14px/1.4 monospace;white-space:pre-wrap;max-height:50vh;overflow:auto";
      document.body.appendChild(box);
    }
    box.textContent = "ssigen: the site was not rebuilt (the last good one is shown)\\n\\n" +
      errors.join("\\n");
  }
  function wait() {
    fetch("/__ssigen__/wait?build=" + seen, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.build !== seen && !state.errors.length) { location.reload(); return; }
        seen = state.build; show(state.errors); wait();
      })
      .catch(function () { setTimeout(wait, 1000); });
  }
  show(JSON.parse(script.dataset.errors || "[]"));
  wait();
})();
"""


def with_hook(page: bytes, state: LiveState) -> bytes:
    """The page as served: the reload script before </body>."""
    tag = (f'<script src="{HOOK_PATH}live.js" data-build="{state.build}" '
           f'data-errors="{html.escape(json.dumps(state.errors))}"></script>')
    at = page.rfind(b"</body>")
    at = len(page) if at < 0 else at
    return page[:at] + tag.encode() + page[at:]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's own regular files only: a link placed in the site (to /etc, to a
    file elsewhere), a pipe or a device is answered 404, as if it were not there. HTML
    pages are sent with the reload hook; /__ssigen__/ answers the hook."""

    live: LiveState | None = None

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.live is not None and self.path.startswith(HOOK_PATH):
            self._hook()
            return
        super().do_GET()

    def _hook(self) -> None:
        parsed = urllib.parse.urlsplit(self.path)
        if parsed.path == HOOK_PATH + "live.js":
            self._send(LIVE_JS.encode(), "text/javascript; charset=utf-8")
        elif parsed.path == HOOK_PATH + "wait":
            query = urllib.parse.parse_qs(parsed.query)
            try:
                seen = int(query.get("build", ["-1"])[0])
            except ValueError:
                seen = -1
            self._send(json.dumps(self.live.wait(seen)).encode(), "application/json")
        else:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass   # the browser left the page while it waited

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
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if self.live is not None and path.endswith(".html") and os.path.isfile(path):
            try:
                with open(path, "rb") as f:
                    body = with_hook(f.read(), self.live)
            except OSError:
                self.send_error(HTTPStatus.NOT_FOUND, "File not found")
                return None
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def list_directory(self, path):
        """No folder listings (GitHub Pages has none either): a folder without an
        index.html is not found."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None


def start_server(site: Path, port: int,
                 live: LiveState | None = None) -> http.server.ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 for `site`, on `port` or the next free one; with `live`,
    pages carry the reload hook."""
    handler = functools.partial(type("Handler", (_Handler,), {"live": live}),
                                directory=str(site))
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


def watch(content: Path, rebuild: Callable[[], None], debounce: float = 0.2,
          stop: threading.Event | None = None) -> None:
    """Call `rebuild` whenever a file of the content folder or the templates changes
    (watchfiles: the system's file events, no polling); changes within `debounce`
    seconds (an editor writing a file in steps) make one rebuild."""
    import watchfiles
    folders = [str(p) for p in (content, builtin_templates()) if p.is_dir()]
    for _changes in watchfiles.watch(*folders, stop_event=stop or threading.Event(),
                                     debounce=int(debounce * 1000), step=50,
                                     raise_interrupt=False):
        rebuild()
