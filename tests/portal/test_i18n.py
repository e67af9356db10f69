"""Every text the portal shows has a simplified Chinese translation."""

from __future__ import annotations

import ast
import string
from pathlib import Path

from jinja2 import Environment
from jinja2.ext import extract_from_ast

from coalition.errors import DomainError, FieldError
from portal.catalogue import ERROR_MESSAGES, ZH_HANS
from portal.i18n import Translator

PORTAL = Path(__file__).resolve().parents[2] / "portal"
MARKERS = {"_", "N_"}


def template_texts() -> dict[str, str]:
    """Every literal ``_("...")`` in the templates, with where it is."""
    found: dict[str, str] = {}
    environment = Environment(autoescape=True)
    for path in sorted(PORTAL.rglob("*.html")):
        tree = environment.parse(path.read_text(encoding="utf-8"))
        for line, _function, message in extract_from_ast(tree, gettext_functions=("_",)):
            # A call with keyword arguments (placeholders) comes back as (text, None, ...).
            text = message[0] if isinstance(message, tuple) else message
            if isinstance(text, str):
                found.setdefault(text, f"{path.relative_to(PORTAL)}:{line}")
    return found


def code_texts() -> dict[str, str]:
    """Every literal ``_("...")`` and ``N_("...")`` in the portal's Python modules."""
    found: dict[str, str] = {}
    for path in sorted(PORTAL.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{path.relative_to(PORTAL)}:{node.lineno}")
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_scan_finds_texts_in_templates_and_in_code() -> None:
    assert template_texts()["Sign in"].startswith("auth/templates/")
    assert code_texts()["Page not found"].startswith("errors.py:")
    assert "Units in the area" in template_texts()
    assert "Led by {branch}" in template_texts()  # a text with placeholders


def test_every_text_in_use_has_a_simplified_chinese_translation() -> None:
    in_use = {**code_texts(), **template_texts()}

    missing = {text: where for text, where in in_use.items() if not ZH_HANS.get(text)}

    assert not missing, f"add these to portal/catalogue.py ZH_HANS: {missing}"


def test_translations_keep_the_placeholders_of_their_texts() -> None:
    wrong = {
        text: translated
        for text, translated in ZH_HANS.items()
        if placeholders(text) != placeholders(translated)
    }

    assert not wrong


def test_every_translated_error_code_has_a_chinese_message() -> None:
    assert all(ZH_HANS.get(text) for text in ERROR_MESSAGES.values())


def test_domain_errors_are_translated_by_code_with_the_library_message_as_fallback() -> None:
    zh, en = Translator("zh-Hans"), Translator("en")
    taken = DomainError(
        "A community named 'X' exists.", code="places.community_name_taken", name="X"
    )
    unknown = DomainError("Something new went wrong.", code="library.something_new")
    too_long = FieldError("too_long", "At most 5 characters are allowed.", {"max_length": 5})

    assert zh.error(taken) == "已有名为“X”的社区。"
    assert en.error(taken) == "A community named 'X' exists."
    assert zh.error(unknown) == en.error(unknown) == "Something new went wrong."
    assert zh.field_error(too_long) == "最多允许 5 个字符。"


def test_two_contexts_cannot_give_one_text_two_translations(monkeypatch) -> None:
    import importlib

    from portal import catalogue
    from portal.needs import catalogue as needs

    monkeypatch.setitem(needs.ZH_HANS, "Overview", "别的译法")
    try:
        importlib.reload(catalogue)
    except RuntimeError as error:
        assert "'Overview'" in str(error)
    else:
        raise AssertionError("a clashing translation was merged silently")
    finally:
        monkeypatch.undo()
        importlib.reload(catalogue)
