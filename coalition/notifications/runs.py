"""Batch matching runs in the background: request one, follow it, and the job's body.

A coordinator asks for a proposal over many open shifts (``request_matching_run``); the
request is an outbox row (``matching.requested``) and the job calls the matching engine's
:func:`coalition.matching.services.propose_assignment` as that coordinator. The proposal
is stored by the engine in the same transaction that marks the row done, so a job run
twice stores one proposal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from coalition.actors.accounts import load_actor
from coalition.errors import Busy, DomainError, InvalidInput, NotFound
from coalition.matching.schemas import ProposalRequest
from coalition.matching.services import propose_assignment
from coalition.matching.weights import MATCHING_ROLES
from coalition.notifications import outbox
from coalition.notifications.outbox import MATCHING_REQUESTED, Entry, load_data
from coalition.notifications.tables import Outbox
from coalition.tenancy import Role, TenantScope
from coalition.tenancy.clock import utc_now


class MatchingRunOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    status: str  # pending / done / failed
    proposal_id: int | None
    failure_code: str
    failure_params: dict[str, Any]
    requested_by: int | None
    created_at: datetime
    done_at: datetime | None


def _out(row: Any) -> MatchingRunOut:
    data = load_data(row.data)
    return MatchingRunOut(
        id=row.id,
        status=row.status,
        proposal_id=data.get("proposal_id"),
        failure_code=data.get("failure_code", ""),
        failure_params=data.get("failure_params", {}),
        requested_by=data.get("requested_by"),
        created_at=row.created_at,
        done_at=row.done_at,
    )


async def request_matching_run(
    scope: TenantScope, request: ProposalRequest, *, now: datetime | None = None
) -> MatchingRunOut:
    """Queue a matching run over the open shifts the caller runs."""
    scope.actor.require(*MATCHING_ROLES, action="propose assignments")
    data = {"request": msgspec.to_builtins(request), "requested_by": scope.actor.person_id}
    async with scope.write() as q:
        (run_id,) = await outbox.write(q, [Entry(MATCHING_REQUESTED, data)], now=utc_now(now))
        return _out(await q.get(Outbox, run_id))


async def get_matching_run(scope: TenantScope, run_id: int) -> MatchingRunOut:
    """A run its requester or a tenant admin may follow; to others it does not exist."""
    async with scope.read() as q:
        row = await q.get(Outbox, run_id, what="Matching run")
    data = load_data(row.data)
    mine = data.get("requested_by") == scope.actor.person_id
    if row.topic != MATCHING_REQUESTED or not (mine or scope.actor.has(Role.TENANT_ADMIN)):
        raise NotFound(f"Matching run {run_id} does not exist.", code="matching_run.not_found")
    return _out(row)


async def run_matching(
    tenant_id: int, outbox_id: int, *, now: datetime | None = None
) -> MatchingRunOut | None:
    """The job: propose as the requester, store the proposal's id on the run, mark it done,
    all in one transaction. None when the run is no longer pending."""
    at = utc_now(now)
    system = TenantScope.system(tenant_id)
    try:
        async with system.write() as q:
            row = await outbox.start_attempt(q, outbox_id, now=at)
            if row is None:
                return None
            data = load_data(row.data)
            requester = data.get("requested_by")
            actor = await load_actor(tenant_id, requester) if requester else system.actor
            request = msgspec.convert(data.get("request") or {}, ProposalRequest)
            proposal = await propose_assignment(TenantScope(tenant_id, actor), request, now=at)
            await q.update(
                Outbox, {Outbox.data: outbox.dumps({**data, "proposal_id": proposal.id})}
            ).where(Outbox.id == outbox_id)
            await outbox.mark_done(q, outbox_id, now=at)
    except Busy:
        raise  # the database was busy: the job runs again
    except DomainError as error:  # refused for good: the caller's roles, the window, ...
        params = dict(error.params)
        if isinstance(error, InvalidInput):
            params = {"fields": {name: field.code for name, field in error.fields.items()}}
        async with system.write() as q:
            row = await q.get(Outbox, outbox_id, lock=True)
            failed = {**load_data(row.data), "failure_code": error.code, "failure_params": params}
            await q.update(Outbox, {Outbox.data: outbox.dumps(failed)}).where(
                Outbox.id == outbox_id
            )
            await outbox.mark_done(q, outbox_id, now=at, error=str(error))
            await q.update(Outbox, {Outbox.status: outbox.FAILED}).where(Outbox.id == outbox_id)
    async with system.read() as q:
        return _out(await q.get(Outbox, outbox_id))
