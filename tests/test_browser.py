"""Headless Chromium, network blocked: charts from the site's own assets, no error, A4, axe."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
REQUIRED = bool(os.environ.get("SSIGEN_REQUIRE_BROWSER") or os.environ.get("CI"))

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None


def _skip_or_fail(reason: str):
    if REQUIRED:
        pytest.fail(f"browser tests are required here but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if sync_playwright is None:
        _skip_or_fail("playwright is not installed")
    if not Path(CHROMIUM).exists():
        _skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def served_site(sample_site, tmp_path_factory):
    """The sample site served under a sub-path, as GitHub Pages serves a project site."""
    root = tmp_path_factory.mktemp("www")
    shutil.copytree(sample_site, root / "acme-ssi")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/acme-ssi/", sample_site
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _open(browser, url: str, allowed_prefix: str):
    """Open a page with every request outside `allowed_prefix` refused; returns findings."""
    page = browser.new_page()
    errors, outside, failed = [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))

    def route(r):
        if r.request.url.startswith(allowed_prefix):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    charts = page.locator(".chart-canvas").count()
    if charts:
        page.wait_for_function(
            "() => [...document.querySelectorAll('.chart-canvas')]"
            ".every(c => c.dataset.rendered)", timeout=15000)
    rendered = page.locator(".chart-canvas[data-rendered='true'] svg.marks").count()
    page.close()
    return {"errors": errors, "outside": outside, "failed": failed, "charts": charts,
            "rendered": rendered}


def test_every_page_loads_offline_under_a_sub_path(browser, served_site):
    base, site = served_site
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 10 and {"adoption.html", "deals.html"} <= set(pages)
    for rel in pages:
        found = _open(browser, base + rel, base)
        assert found["errors"] == [], (rel, found["errors"])
        assert found["outside"] == [], (rel, found["outside"])
        assert found["failed"] == [], (rel, found["failed"])
        assert found["rendered"] == found["charts"], (rel, found)
    assert _open(browser, base + "people/claire-dubois.html", base)["charts"] == 2
    # the training page's survey adds a diverging bar per scale question to its two charts
    assert _open(browser, base + "cohorts/spring-2026.html", base)["charts"] == 4


def test_pages_open_from_the_file_system(browser, sample_site):
    found = _open(browser, (sample_site / "index.html").as_uri(), "file://")
    assert found["charts"] == 2 and found["rendered"] == 2
    assert found["errors"] == [] and found["outside"] == []


def test_a_broken_chart_is_detected(browser, tmp_path, sample_site):
    """The check above can fail: a page whose Vega bundle is missing draws no chart."""
    site = tmp_path / "site"
    shutil.copytree(sample_site, site)
    for bundle in (site / "assets").glob("vega.*.js"):
        bundle.write_text("/* emptied */", encoding="utf-8")
    found = _open_without_wait(browser, (site / "index.html").as_uri())
    assert found["charts"] == 2 and found["rendered"] == 0


def _open_without_wait(browser, url: str):
    page = browser.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(500)
    result = {"charts": page.locator(".chart-canvas").count(),
              "rendered": page.locator(".chart-canvas[data-rendered='true'] svg.marks").count()}
    page.close()
    return result


def test_no_serious_accessibility_violation(browser, served_site):
    """axe-core on every page: no critical or serious violation."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        _skip_or_fail("axe-playwright-python is not installed")
    axe = Axe()
    base, site = served_site
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    # every page that is not a person's, and two people (one of them with a goal):
    # person pages share one template, and axe takes seconds a page
    people = ["people/claire-dubois.html", "people/daan-de-vries.html"]
    assert set(people) <= set(pages) and "cohorts/spring-2026.html" in pages   # a survey
    for rel in [p for p in pages if not p.startswith("people/")] + people:
        page = browser.new_page()
        page.goto(base + rel, wait_until="load")
        page.wait_for_function("() => [...document.querySelectorAll('.chart-canvas')]"
                               ".every(c => c.dataset.rendered)", timeout=15000)
        violations = axe.run(page).response["violations"]
        page.close()
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in violations if v["impact"] in ("critical", "serious")]
        assert serious == [], (rel, serious)


def test_person_page_prints_to_a4(browser, sample_site, tmp_path):
    page = browser.new_page()
    page.goto((sample_site / "people" / "claire-dubois.html").as_uri())
    page.wait_for_function("() => [...document.querySelectorAll('.chart-canvas')]"
                           ".every(c => c.dataset.rendered)", timeout=15000)
    page.emulate_media(media="print")
    hidden = page.evaluate("() => getComputedStyle(document.querySelector('.site-header nav'))"
                           ".display")
    footer = page.locator(".site-footer").is_visible()
    charts = page.locator(".chart-canvas svg.marks").count()
    pdf = page.pdf(format="A4")
    page.close()
    assert hidden == "none" and footer and charts == 2
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") \
        + pdf.count(b"/Type/Page") >= 2


def test_charts_speak_the_report_locale(browser, tmp_path):
    """Axis labels use the locale's month names and decimal comma (French here)."""
    import ssigen
    from .folders import SAMPLE
    site = tmp_path / "site"
    ssigen.build(SAMPLE, site, locale="fr")
    page = browser.new_page()
    page.goto((site / "people" / "claire-dubois.html").as_uri())
    page.wait_for_function("() => [...document.querySelectorAll('.chart-canvas')]"
                           ".every(c => c.dataset.rendered)", timeout=15000)
    history = page.locator("#chart-history svg.marks").text_content()
    page.goto((site / "deals.html").as_uri())
    page.wait_for_function("() => [...document.querySelectorAll('.chart-canvas')]"
                           ".every(c => c.dataset.rendered)", timeout=15000)
    quarters = page.locator("#chart-quarters svg.marks").text_content()
    page.close()
    assert "juil. 2026" in history or "sept. 2026" in history
    assert "Revenu" in quarters or "CA" in quarters or "€" in quarters or "EUR" in quarters
    assert "200\u202f000" in quarters or "200 000" in quarters or "200\xa0000" in quarters


# -- ssigen serve reloads the browser -------------------------------------------------------

@pytest.fixture
def serving(tmp_path):
    """`ssigen serve` as a person runs it, on a free port: (base URL, content, site)."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from click.testing import CliRunner
    from ssigen.cli import cli
    content, site = tmp_path / "content", tmp_path / "site"
    CliRunner().invoke(cli, ["init", str(content)])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "ssigen", "serve", str(content), "-o",
                                str(site), "-p", str(port)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base, timeout=1).read()
            break
        except OSError:
            time.sleep(0.2)
    try:
        yield base, content, site
    finally:
        process.terminate()
        process.wait(timeout=10)


def until(page, edit, condition: str, tries: int = 6) -> None:
    """Make the edit (again, until the watcher has started) until the page shows it."""
    for attempt in range(tries):
        edit()
        try:
            page.wait_for_function(condition, timeout=4000)
            return
        except Exception:  # noqa: BLE001 - playwright's timeout: edit once more
            if attempt == tries - 1:
                raise


def test_serve_reloads_the_page_after_an_edit(browser, serving):
    import urllib.request
    base, content, site = serving
    served = urllib.request.urlopen(base + "index.html").read().decode()
    assert "/__ssigen__/live.js" in served
    assert all("__ssigen__" not in p.read_text() for p in site.rglob("*.html"))
    page = browser.new_page()
    page.goto(base + "index.html")
    assert page.title().startswith("Social Selling Index report")
    config = content / "ssigen.yml"
    renamed = config.read_text().replace("title: Social Selling Index report",
                                         "title: Renamed live")
    until(page, lambda: config.write_text(renamed),
          "() => document.title.startsWith('Renamed live')")
    # a broken edit keeps the last good site and shows its errors on the page
    broken = renamed.replace("title: Renamed live", "titel: oops")
    until(page, lambda: config.write_text(broken),
          "() => document.getElementById('ssigen-errors') !== null")
    assert "titel" in page.locator("#ssigen-errors").text_content()
    assert page.title().startswith("Renamed live")
    assert "__ssigen__" not in (site / "index.html").read_text()
    page.close()
