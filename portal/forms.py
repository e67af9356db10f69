"""HTML forms: what was typed, and the errors to show next to each field.

A handler reads the posted form with :func:`read_form`, calls a service, and on a domain
error re-renders the form from :func:`failed`: every value the person typed is kept and
each message stands next to its field, in the person's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from litestar import Request

from coalition.errors import DomainError, InvalidInput
from portal.i18n import Translator


@dataclass(slots=True)
class FormState:
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None  # an error that belongs to no single field
    notice: str | None = None  # a success message

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.message)


async def read_form(request: Request, names: Iterable[str]) -> dict[str, str]:
    """The named text fields of the posted form ("" when absent or not text)."""
    form = await request.form()
    values: dict[str, str] = {}
    for name in names:
        value = form.get(name)
        values[name] = value if isinstance(value, str) else ""
    return values


def failed(
    values: dict[str, str],
    error: DomainError,
    t: Translator,
    *,
    field_for_code: Mapping[str, str] | None = None,
) -> FormState:
    """The form again, with ``error`` shown next to its fields (or above the form).

    ``field_for_code`` places errors that concern one field but are not field errors,
    such as a name that is taken (``Conflict``), next to that field.
    """
    state = FormState(values=values)
    if isinstance(error, InvalidInput):
        for name, field_error in error.fields.items():
            if name in values:
                state.errors[name] = t.field_error(field_error)
            else:
                state.message = t.field_error(field_error)
    elif field_for_code and error.code in field_for_code:
        state.errors[field_for_code[error.code]] = t.error(error)
    else:
        state.message = t.error(error)
    return state
