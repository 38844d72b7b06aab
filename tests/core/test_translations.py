"""Proof that Klankbord speaks Dutch everywhere, in one formal voice.

- Every translatable string of every template (found the way ``makemessages`` finds
  them: ``django.utils.translation.template.templatize``) and of every Python module
  (``gettext``/``gettext_lazy``/``ngettext``/``pgettext`` calls, aliases such as
  ``_`` followed through the imports) has a Dutch translation in the compiled
  catalogue: ``gettext(msgid)`` under Dutch differs from the msgid, unless the
  msgid is the same in both languages (``SAME_IN_DUTCH``, a short explicit list).
- Every template that renders with an empty context renders in English and in
  Dutch (a Dutch ``blocktranslate`` that names a variable the English one lacks
  raises only in Dutch).
- No Dutch text addresses the reader as "je", "jij" or "jouw": the voice is "u".
"""

import ast
import gettext as gettext_module
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates"]
PYTHON_DIRS = [
    "ambassadors",
    "cases",
    "config",
    "core",
    "demo",
    "network",
    "outreach",
    "regions",
    "security",
    "signals",
]

# Msgids whose Dutch is the same text (checked by hand, each one); they still must
# be in the Dutch catalogue. A msgid with no words outside its placeholders
# ("%(name)s (%(role)s)") is the same in every language and needs no entry here.
SAME_IN_DUTCH = {
    "%(counter)s account",
    "Menu",
    "%(counter)s melding",
    "%(counter)s open melding",
    "Authenticator",
    "%(counter)s partner",
    "Account",
    "CSV",
    "Code",
    "E-mail",
    "Klankbord",
    "Melding",
    "Meldingen",
    "OT on Tour",
    "PDF",
    "Status",
    "XLSX",
    "Accounts",
    "Contact",
    "Detail",
    "E-mail (.eml)",
    "Expertise",
    "Export",
    "Impact",
    "Import",
    "Integer",
    "Melding %(ref)s",
    "Object",
    "object",
    "Open %(ref)s",
    "Partner",
    "Training",
    "Trends",
    "account",
    "code",
    "detail",
    "e-mail",
    "expertise",
    "impact",
    "parameters",
    "partner",
    "scope",
    "status",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")

# Dutch words that are no "je" to the reader, where one ever has to stay (a quote).
INFORMAL_ALLOWED: set[str] = set()
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jouwe|jezelf|jullie)\b", re.IGNORECASE)

CALL = re.compile(r"\b(gettext|ngettext|pgettext|npgettext|_)\(")


def _template_files() -> list[Path]:
    return sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*") if p.is_file())


def _calls(code: str):
    """(function, string arguments) of each gettext call in ``code``: the shortest
    text from a call's name that parses as a Python call."""
    for match in CALL.finditer(code):
        start = match.start()
        end = code.find(")", match.end())
        while end != -1:
            try:
                node = ast.parse(code[start : end + 1], mode="eval").body
            except SyntaxError:
                end = code.find(")", end + 1)
                continue
            strings = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            yield match.group(1), strings
            break


@cache
def template_msgids() -> dict[tuple, set[str]]:
    """{(function, *strings): {template names}} over every template file."""
    found: dict[tuple, set[str]] = {}
    for path in _template_files():
        if path.suffix not in {".html", ".txt", ".svg", ".xml", ".js"}:
            continue
        source = path.read_text(encoding="utf-8")
        if "{%" not in source and "_(" not in source:
            continue
        code = templatize(source, origin=str(path))
        for function, strings in _calls(code):
            if strings:
                found.setdefault((function, *strings), set()).add(
                    str(path.relative_to(ROOT))
                )
    return found


GETTEXT_NAMES = {
    "gettext": "gettext",
    "gettext_lazy": "gettext",
    "gettext_noop": "gettext",
    "ngettext": "ngettext",
    "ngettext_lazy": "ngettext",
    "pgettext": "pgettext",
    "pgettext_lazy": "pgettext",
    "npgettext": "npgettext",
    "npgettext_lazy": "npgettext",
}


@cache
def python_msgids() -> dict[tuple, set[str]]:
    """{(function, *strings): {modules}}: calls of Django's gettext functions, under
    the names each module imported them as (``_``, ``gettext_lazy``, ...)."""
    found: dict[tuple, set[str]] = {}
    for folder in PYTHON_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = {}
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module in {
                    "django.utils.translation"
                }:
                    for alias in node.names:
                        if alias.name in GETTEXT_NAMES:
                            names[alias.asname or alias.name] = GETTEXT_NAMES[
                                alias.name
                            ]
            if not names:
                continue
            for node in ast.walk(tree):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in names
                ):
                    continue
                strings = [
                    a.value
                    for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                function = names[node.func.id]
                wanted = {"gettext": 1, "ngettext": 2, "pgettext": 2, "npgettext": 3}
                if len(strings) >= wanted[function]:
                    found.setdefault(
                        (function, *strings[: wanted[function]]), set()
                    ).add(str(path.relative_to(ROOT)))
    return found


def _same_in_dutch(msgid: str, key) -> bool:
    if not re.search(r"[^\W\d_]", PLACEHOLDER.sub("", msgid)):
        return True
    return msgid in SAME_IN_DUTCH and bool(_dutch_catalogue().get(key))


def _untranslated(key: tuple) -> bool:
    function, *strings = key
    with translation.override("nl"):
        if function in {"gettext", "_"}:
            msgid = strings[0]
            dutch = translation.gettext(msgid)
            return dutch == msgid and not _same_in_dutch(msgid, msgid)
        if function == "ngettext":
            one, many = strings[:2]
            dutch = translation.ngettext(one, many, 1)
            return dutch == one and not _same_in_dutch(one, (one, 0))
        if function == "pgettext":
            context, msgid = strings[:2]
            dutch = translation.pgettext(context, msgid)
            return dutch == msgid and not _same_in_dutch(msgid, f"{context}\x04{msgid}")
        context, one, many = strings[:3]
        dutch = translation.npgettext(context, one, many, 1)
        return dutch == one and not _same_in_dutch(one, (f"{context}\x04{one}", 0))


def _report(missing: dict[tuple, set[str]]) -> str:
    return "\n".join(
        f"{sorted(where)[0]}: {key[1:]!r}" for key, where in sorted(missing.items())
    )


def test_the_scan_finds_the_strings_it_should():
    """The scan itself works: it finds known strings of both kinds."""
    templates = template_msgids()
    assert ("gettext", "Record what was done") in templates
    assert ("ngettext", "%(counter)s case", "%(counter)s cases") in templates
    assert len(templates) > 500
    python = python_msgids()
    assert ("gettext", "Table") in python
    assert (
        "ngettext",
        "%(count)s ambassador invited.",
        "%(count)s ambassadors invited.",
    ) in python
    assert len(python) > 500


def test_every_template_string_has_a_dutch_translation():
    missing = {k: v for k, v in template_msgids().items() if _untranslated(k)}
    assert not missing, "no Dutch translation:\n" + _report(missing)


def test_every_python_string_has_a_dutch_translation():
    missing = {k: v for k, v in python_msgids().items() if _untranslated(k)}
    assert not missing, "no Dutch translation:\n" + _report(missing)


def _renderable():
    """Every HTML template, by name (those that need a context are skipped)."""
    for path in _template_files():
        if path.suffix == ".html":
            name = str(path.relative_to(TEMPLATE_DIRS[0]))
            yield pytest.param(name, id=name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(_renderable()))
def test_templates_render_in_english_and_dutch(name):
    engine = engines["django"]
    try:
        template = engine.get_template(name)
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        pytest.fail(f"{name}: {error}")
    with translation.override("en"):
        try:
            template.render({})
        except Exception:  # noqa: BLE001 (it needs a context: the msgids are checked above)
            pytest.skip("needs a context")
    with translation.override("nl"):
        template.render({})


@cache
def _dutch_catalogue() -> dict:
    path = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        return dict(gettext_module.GNUTranslations(handle)._catalog)  # noqa: SLF001


def test_no_dutch_text_says_je_jij_or_jouw():
    informal = {
        (msgid if isinstance(msgid, str) else msgid[0]): text
        for msgid, text in _dutch_catalogue().items()
        if msgid and INFORMAL.search(text) and text not in INFORMAL_ALLOWED
    }
    assert not informal, "informal Dutch (use 'u'):\n" + "\n".join(
        f"{k[:60]!r}: {v!r}" for k, v in sorted(informal.items())
    )


def test_the_interface_does_not_send_anyone_to_the_readme():
    readme = {
        (msgid if isinstance(msgid, str) else msgid[0]): text
        for msgid, text in _dutch_catalogue().items()
        if msgid and "README" in text
    }
    assert not readme, readme
    for path in _template_files():
        assert "README" not in path.read_text(encoding="utf-8"), path


# --- one voice for dates ------------------------------------------------------------

HUMAN_DATE = re.compile(r"""\|date(?!:\s*["']c["'])""")


def test_templates_write_dates_through_the_voice_filters():
    """A date in a template goes through list_date, page_date or page_datetime;
    ``|date:"c"`` (machine time for ``<time datetime>``) is the one exception."""
    offenders = []
    for path in _template_files():
        name = str(path.relative_to(TEMPLATE_DIRS[0]))
        if path.suffix != ".html":
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if HUMAN_DATE.search(line):
                offenders.append(f"{name}:{number}: {line.strip()[:100]}")
    assert not offenders, "\n".join(offenders)


def test_python_writes_dates_through_core_voice():
    """No app module formats a date for people itself (strftime with day and month,
    ``date_format``); file names and ISO text for machines are fine."""
    human = re.compile(r"strftime\(\s*[\"'][^\"']*%d[^\"']*%m|\bdate_format\(")
    offenders = []
    for folder in PYTHON_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = str(path.relative_to(ROOT))
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if human.search(line):
                    offenders.append(f"{name}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
