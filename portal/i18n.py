"""Languages of the portal: simplified Chinese (the default) and English.

Message ids are the English texts, so English needs no catalogue; the simplified Chinese
texts are in :mod:`portal.catalogue`. Templates and handlers call ``_("English text",
name=value)``: the translation is looked up, then ``str.format``-ed with the parameters.
``tests/portal/test_i18n.py`` fails when a ``_()`` or ``N_()`` text has no translation.

Domain errors are translated by their ``code`` (``ERROR_MESSAGES``, formatted with the
error's ``params``); a code without a translation falls back to the library's English
message, and English pages show the library's message as it is.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection

from coalition.errors import DomainError, FieldError
from portal.catalogue import ERROR_MESSAGES, N_, ZH_HANS

__all__ = ["N_", "Translator", "negotiate", "translator"]

DEFAULT_LOCALE = "zh-Hans"
ENGLISH = "en"
#: Each language named in itself, for the switcher.
LANGUAGES = {"zh-Hans": "中文", "en": "English"}
CATALOGUES: dict[str, Mapping[str, str]] = {"zh-Hans": ZH_HANS, "en": {}}
LANG_COOKIE = "lang"
_STATE_KEY = "coalition_translator"


def _format(text: str, params: Mapping[str, Any]) -> str:
    return string.Formatter().vformat(text, (), params) if params else text


@dataclass(frozen=True, slots=True)
class Translator:
    locale: str

    def gettext(self, msgid: str, /, **params: Any) -> str:
        text = CATALOGUES.get(self.locale, {}).get(msgid, msgid)
        try:
            return _format(text, params)
        except (KeyError, IndexError, ValueError):
            return _format(msgid, params)

    __call__ = gettext

    def _coded(self, code: str, params: Mapping[str, Any], message: str) -> str:
        msgid = ERROR_MESSAGES.get(code)
        if self.locale == ENGLISH or msgid is None or msgid not in CATALOGUES[self.locale]:
            return message
        try:
            return _format(CATALOGUES[self.locale][msgid], params)
        except (KeyError, IndexError, ValueError):
            return message

    def error(self, error: DomainError) -> str:
        """A domain error in this language."""
        return self._coded(error.code, error.params, error.message)

    def field_error(self, error: FieldError) -> str:
        return self._coded(error.code, error.params, error.message)


def negotiate(connection: ASGIConnection, cookie: str, default: str = DEFAULT_LOCALE) -> str:
    chosen = connection.cookies.get(cookie)
    if chosen in LANGUAGES:
        return chosen
    return default if default in LANGUAGES else DEFAULT_LOCALE


def translator(connection: ASGIConnection) -> Translator:
    """The translator of this request (the language cookie, else the default language)."""
    cached = connection.state.get(_STATE_KEY)
    if isinstance(cached, Translator):
        return cached
    config = connection.app.state.get("i18n")
    cookie, default = config if config else (LANG_COOKIE, DEFAULT_LOCALE)
    found = Translator(negotiate(connection, cookie, default))
    connection.state[_STATE_KEY] = found
    return found
