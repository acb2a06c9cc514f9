"""Every word of the report in en, fr, it and nl; numbers and dates in the locale's forms."""
from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

import ssigen
from ssigen.i18n import LOCALE_DIR, LOCALES

from .folders import ROOT, SAMPLE
from .htmlparse import parse

TRANSLATED = [locale for locale in LOCALES if locale != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")


def source_messages() -> dict[str, str | tuple[str, str]]:
    """Every message of the templates, the Python code and the default rubric, extracted as
    `pybabel extract -F babel.cfg` does."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    messages = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map):
        key = message[0] if isinstance(message, tuple) else message
        messages[key] = message
    return messages


@pytest.fixture(scope="module")
def messages():
    found = source_messages()
    assert len(found) > 300
    return found


def untranslated(catalog, messages) -> tuple[list, list, list]:
    """(missing, fuzzy, broken) messages of `messages` in `catalog`: no translation, a fuzzy
    one, or one whose placeholders differ from the source's."""
    missing, fuzzy, broken = [], [], []
    for key, message in messages.items():
        entry = catalog.get(key)
        if entry is None or not entry.string or (isinstance(entry.string, tuple)
                                                 and not all(entry.string)):
            missing.append(key)
            continue
        if entry.fuzzy:
            fuzzy.append(key)
        source = message[-1] if isinstance(message, tuple) else message
        for form in entry.string if isinstance(entry.string, tuple) else (entry.string,):
            wanted = sorted(PLACEHOLDER.findall(source))
            got = sorted(PLACEHOLDER.findall(form))
            if got != wanted and not (isinstance(message, tuple)
                                      and sorted(p for p in wanted if p != "num") == got):
                broken.append((key, form))
    return missing, fuzzy, broken


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_message_is_translated(locale, messages):
    with open(LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale=locale)
    missing, fuzzy, broken = untranslated(catalog, messages)
    assert missing == [], f"{locale}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert fuzzy == [], f"{locale}: fuzzy: {fuzzy[:5]}"
    assert broken == [], f"{locale}: placeholders differ: {broken[:5]}"


def test_the_check_finds_a_missing_translation(messages, tmp_path):
    """The check above can fail: a message added to the code without translation is found."""
    with open(LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale="fr")
    assert catalog.get("A sentence nobody translated") is None
    assert "A sentence nobody translated" not in messages
    added = {**messages, "A sentence nobody translated": "A sentence nobody translated"}
    missing, _fuzzy, _broken = untranslated(catalog, added)
    assert missing == ["A sentence nobody translated"]


@pytest.fixture(scope="module", params=TRANSLATED)
def localized_site(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param) / "site"
    ssigen.build(SAMPLE, out, locale=request.param)
    return request.param, out


def english_phrases(messages) -> set[str]:
    """Source messages that read as English sentences (no placeholder, several words)."""
    return {m for m in messages
            if isinstance(m, str) and "%" not in m and len(m.split()) >= 3}


def test_no_english_left_on_the_pages(localized_site, messages):
    locale, site = localized_site
    with open(LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale=locale)
    phrases = {p for p in english_phrases(messages)
               if catalog.get(p) is not None and catalog.get(p).string != p}
    for page in site.rglob("*.html"):
        doc = parse(page)
        assert doc.find("html").attrs["lang"] == locale
        left = [p for p in phrases if p in doc.text]
        assert left == [], f"{locale} {page.name}: {left[:3]}"


def test_numbers_dates_and_money_follow_the_locale(localized_site):
    locale, site = localized_site
    claire = parse(site / "people" / "claire-dubois.html").text
    index = parse(site / "index.html").text
    decimal = {"fr": "82,07", "it": "82,07", "nl": "82,07"}[locale]
    assert decimal in claire
    month = {"fr": "nov. 2026", "it": "nov 2026", "nl": "nov 2026"}[locale]
    assert f"13 {month}" in index
    money = {"fr": "771\u202f978\xa0€", "it": "771.978\xa0€", "nl": "€\xa0771.978"}[locale]
    assert " ".join(money.split()) in index      # the parser folds no-break spaces
    chart_locale = next((site / "assets").glob("chart-locale.*.js")).read_text(encoding="utf-8")
    assert '"decimal": ","' in chart_locale


def test_english_site_keeps_english_formats(sample_site):
    index = parse(sample_site / "index.html").text
    assert "€771,978" in index and "Nov 13, 2026" in index


def test_a_compiled_catalog_is_kept_and_a_damaged_one_made_again(tmp_path, monkeypatch):
    from ssigen.i18n import translations
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    translations.cache_clear()
    try:
        assert translations("fr").gettext("Before") == "Avant"
        (kept,) = (tmp_path / "ssigen" / "catalogs").glob("fr-*.mo")
        kept.write_bytes(b"not a catalog")
        translations.cache_clear()
        assert translations("fr").gettext("Before") == "Avant"
    finally:
        translations.cache_clear()


@pytest.mark.parametrize("locale", TRANSLATED)
def test_fixed_words_translated_at_compile_time_read_as_gettext_gives_them(locale, messages):
    """Every message without variables, written `_("…")`, renders exactly as Jinja's own
    gettext renders it, and the compiled template no longer calls gettext for it."""
    import jinja2
    from ssigen.i18n import translations
    from ssigen.render.html import make_environment
    catalog = translations(locale)
    plain = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    plain.install_gettext_translations(catalog, newstyle=True)
    ours = make_environment(locale, "EUR", translations=catalog)
    fixed = [m for m in messages if isinstance(m, str) and "%" not in m.replace("%%", "")
             and '"' not in m and "\\" not in m and "\n" not in m]
    assert len(fixed) > 200
    source = "".join(f'<p>{{{{ _("{m}") }}}}</p>' for m in fixed)
    assert ours.from_string(source).render() == plain.from_string(source).render()
    assert "gettext" not in ours.compile(source, raw=True)
    varied = '{{ _("%(points)s pts", points=3) }}'
    assert ours.from_string(varied).render() == plain.from_string(varied).render()


@pytest.mark.parametrize("locale", TRANSLATED)
def test_messages_with_variables_translated_at_compile_time_read_as_gettext_gives_them(
        locale, messages):
    """Every message with variables renders exactly as Jinja's own gettext renders it
    (values escaped, `%%` read as `%`), and only the formatting is left for the page."""
    import re

    import jinja2
    import markupsafe
    from ssigen.i18n import translations
    from ssigen.render.html import make_environment
    catalog = translations(locale)
    plain = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    plain.install_gettext_translations(catalog, newstyle=True)
    ours = make_environment(locale, "EUR", translations=catalog)
    varied = [m for m in messages if isinstance(m, str) and re.search(r"%\(\w+\)s", m)
              and '"' not in m and "\\" not in m and "\n" not in m]
    assert len(varied) > 50
    calls = []
    for m in varied:
        names = dict.fromkeys(re.findall(r"%\((\w+)\)s", m))
        values = ", ".join(f"{name}=v[{i % 3}]" for i, name in enumerate(names))
        calls.append(f'<p>{{{{ _("{m}", {values}) }}}}</p>')
    source = "".join(calls) + '{{ _("%(a)s", a=(v|join("-"))|upper, **{}) }}'
    values = {"v": ["<b>R&D</b>", 42, markupsafe.Markup("<em>x</em>")]}
    assert ours.from_string(source).render(values) == plain.from_string(source).render(values)
    assert "gettext" not in ours.compile("".join(calls), raw=True)
