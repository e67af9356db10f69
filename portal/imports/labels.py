"""How roster imports are named on the pages: kinds, statuses, columns and problems.

The library reports each problem as a code and its parameters (a row error, a whole-file
failure, or a field of the upload form); :func:`describe` turns one into a sentence in the
person's language, with the parameters made readable (column keys as the headers the
person knows, a size in MB, the kinds an organisation or unit may have).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from coalition.imports.columns import COLUMNS, Column
from coalition.imports.columns import KIND_LABELS as KIND_VALUES
from coalition.imports.schemas import ImportKind, ImportStatus
from portal.catalogue import ERROR_MESSAGES
from portal.i18n import N_, Translator

#: The rosters, in the order the page offers them.
KIND_LABELS = {
    ImportKind.VOLUNTEERS.value: N_("Volunteers"),
    ImportKind.ORGANISATIONS.value: N_("Social organisations"),
    ImportKind.UNITS.value: N_("Units in the area"),
}
STATUS_LABELS = {
    ImportStatus.QUEUED.value: N_("Waiting to start"),
    ImportStatus.VALIDATING.value: N_("Checking the rows"),
    ImportStatus.INVALID.value: N_("Rows have errors: nothing imported"),
    ImportStatus.IMPORTING.value: N_("Importing"),
    ImportStatus.DONE.value: N_("Done"),
    ImportStatus.FAILED.value: N_("The file could not be imported"),
}
#: What the downloaded template is called (its extension is added).
TEMPLATE_NAMES = {
    ImportKind.VOLUNTEERS.value: N_("Volunteer roster template"),
    ImportKind.ORGANISATIONS.value: N_("Social organisation roster template"),
    ImportKind.UNITS.value: N_("Unit roster template"),
}
FORMATS = {"csv": "CSV", "xlsx": "Excel"}

#: What a column holds, by roster and column key.
COLUMN_HINTS: dict[tuple[str, str], str] = {
    ("volunteers", "name"): N_("The volunteer's full name."),
    ("volunteers", "phone"): N_(
        "Mobile number; a volunteer already registered with it is not imported again."
    ),
    ("volunteers", "email"): N_("Optional."),
    ("volunteers", "grid"): N_("The code of the volunteer's home grid, as recorded here."),
    ("volunteers", "organisation"): N_(
        "The social organisation the volunteer belongs to, by its recorded name."
    ),
    ("volunteers", "skills"): N_("Separate several with 、 or a comma."),
    ("volunteers", "languages"): N_("Separate several with 、 or a comma."),
    ("volunteers", "max_hours_week"): N_("A whole number from 1 to 60; 8 when left empty."),
    ("volunteers", "joined_on"): N_("A date such as 2026-01-15; today when left empty."),
    ("organisations", "name"): N_("Unique in the workspace."),
    ("organisations", "kind"): N_("One of: {choices}."),
    ("organisations", "registration_no"): N_("Optional."),
    ("organisations", "services"): N_("Separate several with 、 or a comma."),
    ("organisations", "phone"): N_("Optional."),
    ("organisations", "community"): N_("The community's recorded name; may be left empty."),
    ("units", "name"): N_("Unique in the workspace."),
    ("units", "kind"): N_("One of: {choices}."),
    ("units", "address"): N_("Optional."),
    ("units", "resources"): N_("Separate several with 、 or a comma."),
    ("units", "phone"): N_("Optional."),
    ("units", "community"): N_("The community's recorded name; may be left empty."),
}

WHOLE_ROW = N_("Whole row")
UNKNOWN_PROBLEM = N_("This cannot be imported (code {code}).")
#: Row problems said more precisely than the generic text of their code.
ROW_MESSAGES = {
    "invalid_choice": N_("One of: {choices}."),
}


def kind_label(t: Translator, kind: str) -> str:
    return t(KIND_LABELS.get(kind, kind))


def column_header(kind: str, key: str, locale: str) -> str:
    """A column as the person's template names it ("" for the whole row)."""
    for column in COLUMNS.get(kind, ()):
        if column.key == key:
            return column.header(locale)
    return key


def columns(kind: str) -> tuple[Column, ...]:
    return COLUMNS[kind]


def kind_choices(kind: str, locale: str) -> str:
    """The kinds an organisation or unit cell may name, in the person's language."""
    english = locale == "en"
    names = [name for name in KIND_VALUES.get(kind, {}) if name.isascii() == english]
    return _join(names, locale)


def column_hint(t: Translator, kind: str, key: str) -> str:
    hint = COLUMN_HINTS.get((kind, key))
    if hint is None:
        return ""
    return t(hint, choices=kind_choices(kind, t.locale))


def _join(items: list[str], locale: str) -> str:
    return ("、" if locale != "en" else ", ").join(items)


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _readable(kind: str, field: str, params: Mapping[str, Any], locale: str) -> dict[str, Any]:
    """The parameters of a problem as a person reads them."""
    found = {key: _number(value) for key, value in params.items()}
    if "max_bytes" in found:
        found["max_mb"] = int(found["max_bytes"]) // (1024 * 1024)
    if isinstance(found.get("columns"), list):
        found["columns"] = _join([column_header(kind, c, locale) for c in found["columns"]], locale)
    if isinstance(found.get("formats"), list | tuple):
        found["formats"] = _join([f".{f}" for f in found["formats"]], locale)
    if field == "kind":
        found["choices"] = kind_choices(kind, locale)
    return found


def _fits(text: str, params: Mapping[str, Any]) -> bool:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return names <= set(params)


def describe(
    t: Translator, code: str, params: Mapping[str, Any], *, kind: str = "", field: str = ""
) -> str:
    """One problem the library reported, as a sentence in the person's language."""
    values = _readable(kind, field, params, t.locale)
    text = ERROR_MESSAGES.get(code)
    if field == "kind" and code in ROW_MESSAGES and values.get("choices"):
        text = ROW_MESSAGES[code]
    if text is None or not _fits(text, values):
        return t(UNKNOWN_PROBLEM, code=code)
    return t(text, **values)


__all__ = [
    "COLUMN_HINTS",
    "FORMATS",
    "KIND_LABELS",
    "STATUS_LABELS",
    "TEMPLATE_NAMES",
    "WHOLE_ROW",
    "column_header",
    "column_hint",
    "describe",
    "kind_label",
]
