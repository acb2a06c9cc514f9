"""ssigen serve: rebuilds on change, 404 for links and pipes planted in the site, its port range."""
from __future__ import annotations

import os
import threading
import time
import urllib.error
import urllib.request

from click.testing import CliRunner

import ssigen
from ssigen.cli import cli
from ssigen.serve import start_server, watch

from .folders import TINY, make_folder
from .htmlparse import parse


def _has_title(document, text: str) -> bool:
    """Whether the page has <title>text</title>."""
    return any(not t.attr_list and not t.children and t.text == text
               for t in document.find_all("title"))


def _get(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_serve_rebuilds_on_change(tmp_path):
    content = tmp_path / "content"
    CliRunner().invoke(cli, ["init", str(content)])
    out = tmp_path / "site"
    ssigen.build(content, out)
    server = start_server(out, 8765)
    port = server.server_address[1]
    stop = threading.Event()
    rebuilt = []

    def rebuild():
        ssigen.build(content, out)
        rebuilt.append(time.time())

    watcher = threading.Thread(target=watch, args=(content, rebuild, 0.1, stop), daemon=True)
    watcher.start()
    try:
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html").read().decode()
        assert _has_title(parse(page), "Social Selling Index report")
        config = content / "ssigen.yml"
        renamed = config.read_text(encoding="utf-8").replace(
            "title: Social Selling Index report", "title: Renamed")
        deadline = time.time() + 20
        while not rebuilt and time.time() < deadline:
            config.write_text(renamed, encoding="utf-8")   # again, until the watcher runs
            time.sleep(0.5)
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html").read().decode()
        assert _has_title(parse(page), "Renamed")
    finally:
        stop.set()
        server.shutdown()


def test_serve_answers_links_and_pipes_planted_in_the_site_with_404(tmp_path):
    content = make_folder(tmp_path / "c", base=TINY)
    out = tmp_path / "site"
    ssigen.build(content, out)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text("secret")
    (out / "etcdir").symlink_to("/etc", target_is_directory=True)
    (out / "outdir").symlink_to(outside, target_is_directory=True)
    (out / "secret.html").symlink_to(outside / "secret.html")
    (out / "inside.html").symlink_to(out / "index.html")
    os.mkfifo(out / "pipe.html")
    server = start_server(out, 0)
    try:
        port = server.server_address[1]
        assert _get(port, "/") == 200
        assert _get(port, "/index.html") == 200
        assert _get(port, "/people/ann.html") == 200
        for path in ("/etcdir/hostname", "/etcdir/passwd", "/outdir/secret.html",
                     "/secret.html", "/inside.html", "/pipe.html", "/etcdir/", "/people/",
                     "/../../etc/passwd"):
            assert _get(port, path) == 404, path
    finally:
        server.shutdown()
        server.server_close()


def test_serve_refuses_a_port_out_of_range_before_building(tmp_path):
    content = make_folder(tmp_path / "c", base=TINY)
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["serve", str(content), "-o", str(out), "-p", "70000"])
    assert result.exit_code == 2, result.output
    assert "70000 is not in the range 0<=x<=65535" in result.output
    assert not out.exists()
