"""The URL gate's host pattern: written as what it excludes (it compiles ten times faster),
it accepts exactly the characters of its plain form, ASCII letters and digits and U+00A1
to U+FFFF, with '.' and '-' inside."""
from __future__ import annotations

import random
import re

from ssigen.links import HOST_RE, web_link

PLAIN = re.compile(r"[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff.-]*"
                   r"[A-Za-z0-9\u00a1-\uffff])?")


def test_every_character_is_judged_as_the_plain_pattern_judges_it():
    differ = [hex(i) for i in range(0x110000)
              if bool(HOST_RE.fullmatch(chr(i))) != bool(PLAIN.fullmatch(chr(i)))]
    assert differ == []


def test_hosts_made_of_likely_characters_are_judged_alike():
    rng = random.Random(7)
    pool = [chr(i) for i in range(0x200)] + ["\uffff", "\U00010000", "é", "ß", ".", "-", "_"]
    for _ in range(20_000):
        host = "".join(rng.choice(pool) for _ in range(rng.randint(0, 6)))
        assert bool(HOST_RE.fullmatch(host)) == bool(PLAIN.fullmatch(host)), repr(host)


def test_the_gate_still_refuses_what_it_refused():
    assert web_link("https://www.linkedin.com/in/x") == "https://www.linkedin.com/in/x"
    assert web_link("https://bücher.example/") == "https://bücher.example/"
    for bad in ("https://-x.example/", "https://x_y.example/", "https://x..y/",
                "javascript:alert(1)", "https://\U0001f600.example/"):
        assert web_link(bad) is None, bad
