"""Batch matching runs in the background: one proposal per run, however often it runs."""

from datetime import timedelta

import pytest

from coalition.actors.tables import Membership
from coalition.errors import NotFound
from coalition.matching.schemas import ProposalRequest
from coalition.matching.services import list_proposals
from coalition.notifications.runs import get_matching_run, request_matching_run, run_matching
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import VolunteerFactory
from tests.coalition.notifications.helpers import NOW, World, later, person

ALWAYS = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]
FORTNIGHT = ProposalRequest(window_start=NOW, window_end=NOW + timedelta(days=14))


async def _staff(w: World, *, member: bool = True) -> TenantScope:
    staff = await person(w.tenant_id, Role.COMMUNITY_STAFF, communities={w.village})
    if member:  # the job acts with the roles the requester holds when it runs
        async with TenantScope.system(w.tenant_id).write() as q:
            await q.create(
                Membership,
                person=staff.actor.person_id,
                role=Role.COMMUNITY_STAFF,
                community=w.village,
            )
    return staff


async def test_a_run_stores_one_proposal_however_often_the_job_runs(w: World) -> None:
    staff = await _staff(w)
    await w.shift(later(days=2), headcount=2)
    for _ in range(3):
        await VolunteerFactory.create(
            tenant=w.tenant_id,
            home_grid=w.grid,
            skills=["助老服务"],
            availability=ALWAYS,
            max_hours_week=20,
        )

    run = await request_matching_run(staff, FORTNIGHT, now=NOW)
    done = await run_matching(w.tenant_id, run.id, now=NOW)
    again = await run_matching(w.tenant_id, run.id, now=NOW)

    assert (run.status, run.proposal_id) == ("pending", None)
    assert done is not None and again is None
    (proposal,) = await list_proposals(staff)
    assert (done.status, done.proposal_id) == ("done", proposal.id)
    assert proposal.lines == 2
    assert await get_matching_run(staff, run.id) == done


async def test_a_run_its_requester_may_no_longer_make_fails_with_the_reason(w: World) -> None:
    staff = await _staff(w, member=False)  # the role was taken away before the job ran

    run = await request_matching_run(staff, FORTNIGHT, now=NOW)
    failed = await run_matching(w.tenant_id, run.id, now=NOW)

    assert failed is not None
    assert (failed.status, failed.failure_code, failed.proposal_id) == (
        "failed",
        "permission_denied",
        None,
    )


async def test_nobody_else_follows_a_run_and_no_other_tenant_sees_it(
    w: World, other_tenant
) -> None:
    staff = await _staff(w)
    run = await request_matching_run(staff, FORTNIGHT, now=NOW)
    colleague = await _staff(w)

    for scope in (colleague, TenantScope.system(other_tenant.id)):
        with pytest.raises(NotFound):
            await get_matching_run(scope, run.id)
    assert (await get_matching_run(TenantScope.system(w.tenant_id), run.id)).id == run.id
