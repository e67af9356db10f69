"""How hours records are named on the pages (their statuses and kinds)."""

from __future__ import annotations

from coalition.errors import FieldError, InvalidInput
from coalition.hours.schemas import HoursKind, HoursStatus
from portal.i18n import N_

STATUS_LABELS = {
    HoursStatus.CHECKED_IN.value: N_("Checked in"),
    HoursStatus.PENDING.value: N_("Waiting for verification"),
    HoursStatus.VERIFIED.value: N_("Verified"),
    HoursStatus.REJECTED.value: N_("Rejected"),
}
KIND_LABELS = {
    HoursKind.ATTENDANCE.value: N_("Checked in and out"),
    HoursKind.SELF_REPORTED.value: N_("Reported by the volunteer"),
    HoursKind.ACTIVITY.value: N_("Joint activity"),
}

#: Field error codes of the hours services that other libraries use too.
HOURS_FIELD_CODES = frozenset(
    {
        "in_future",
        "too_old",
        "not_served",
        "not_shift_date",
        "not_signed_up",
        "not_of_need",
        "unchanged",
        "before_start",
    }
)

__all__ = ["HOURS_FIELD_CODES", "KIND_LABELS", "STATUS_LABELS", "namespaced"]


def namespaced(error: InvalidInput, codes: frozenset[str] = HOURS_FIELD_CODES) -> InvalidInput:
    """The library's field errors with the generic ``codes`` renamed ``hours.<code>``, so
    that this context's catalogue translates them without clashing with other contexts
    that may read the same code (``in_future``, ``unchanged``...) differently."""
    fields = {
        name: FieldError(f"hours.{e.code}", e.message, e.params) if e.code in codes else e
        for name, e in error.fields.items()
    }
    return InvalidInput(fields)
