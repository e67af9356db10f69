"""Shifts of a need, volunteers' sign-ups with their waitlists, and invitations.

When a need is cancelled its shifts that have not started are cancelled in the same
transaction (an in-transaction subscriber of ``need.cancelled``): the volunteers hear of
it through ``shift.cancelled``.
"""

from __future__ import annotations

from typing import Any

from coalition import events


async def _cancel_with_need(q: Any, event: events.Event) -> None:
    from coalition.shifts.services import cancel_shifts_of_need
    from coalition.tenancy import Actor

    # The needs service checked who may cancel; the actor only signs the shift events.
    actor = Actor(person_id=event.actor_person_id, roles=frozenset())
    await cancel_shifts_of_need(
        q, event.data["need_id"], actor=actor, reason=event.data.get("reason", ""), now=event.at
    )


events.subscribe(events.NEED_CANCELLED, _cancel_with_need, phase="in_transaction")
