"""Tenant admins set how much each part of the score counts; the ranking follows."""

import math

import pytest

from coalition.errors import InvalidInput, PermissionDenied
from coalition.matching.schemas import WeightsInput
from coalition.matching.services import get_weights, rank_volunteers, update_weights
from coalition.tenancy import Role, TenantScope
from tests.coalition.matching.helpers import NOW, World, day, person, served, vol


async def test_a_tenant_starts_with_the_default_weights(w: World) -> None:
    weights = await get_weights(w.staff)

    assert weights.is_default
    assert weights.values() == {
        "skills": 1.0,
        "proximity": 1.0,
        "fairness": 0.6,
        "reliability": 0.8,
        "lived_experience": 1.0,
    }


async def test_an_admin_sets_weights_and_rankings_follow_them(w: World) -> None:
    shift = await w.shift(day(2))
    near_but_busy = await vol(w)
    far_and_rested = await vol(w, home_grid=w.other_grid)
    await served(w, near_but_busy, 1200)
    before = await rank_volunteers(w.staff, shift.id, now=NOW)
    assert [c.volunteer_id for c in before.candidates] == [near_but_busy.id, far_and_rested.id]

    saved = await update_weights(w.admin, WeightsInput(proximity=0.1, fairness=5))

    assert (saved.is_default, saved.proximity, saved.fairness) == (False, 0.1, 5.0)
    assert saved.updated_by == w.admin.actor.person_id
    after = await rank_volunteers(w.staff, shift.id, now=NOW)
    assert [c.volunteer_id for c in after.candidates] == [far_and_rested.id, near_but_busy.id]
    assert after.weights["fairness"] == 5.0
    again = await update_weights(w.admin, WeightsInput())
    assert again.values() == (await get_weights(w.staff)).values()
    assert again.fairness == 0.6


async def test_weights_out_of_range_are_refused_field_by_field(w: World) -> None:
    with pytest.raises(InvalidInput) as caught:
        await update_weights(
            w.admin, WeightsInput(skills=-1, proximity=11, fairness=math.nan, reliability=True)
        )
    assert {name: e.code for name, e in caught.value.fields.items()} == {
        "skills": "out_of_range",
        "proximity": "out_of_range",
        "fairness": "not_a_number",
        "reliability": "not_a_number",
    }
    with pytest.raises(InvalidInput) as caught:
        await update_weights(
            w.admin,
            WeightsInput(skills=0, proximity=0, fairness=0, reliability=0, lived_experience=0),
        )
    assert caught.value.fields["skills"].code == "all_zero"
    assert (await get_weights(w.admin)).is_default


async def test_only_tenant_admins_change_weights_and_only_matchers_read_them(w: World) -> None:
    with pytest.raises(PermissionDenied):
        await update_weights(w.staff, WeightsInput(skills=2))
    volunteer = await person(w.tenant_id, Role.VOLUNTEER)
    with pytest.raises(PermissionDenied):
        await get_weights(volunteer)


async def test_one_tenants_weights_never_touch_anothers(w: World, other_tenant) -> None:
    await update_weights(w.admin, WeightsInput(proximity=3))

    theirs = await get_weights(TenantScope.system(other_tenant.id))

    assert theirs.is_default
    assert (await get_weights(w.admin)).proximity == 3.0


async def test_weights_changed_by_another_process_are_seen(w: World, monkeypatch) -> None:
    """Without this process's own notice, the journal tells the cache."""
    from coalition.matching import cache

    shift = await w.shift(day(2))
    near = await vol(w)
    far = await vol(w, home_grid=w.other_grid)
    await served(w, near, 1200)
    before = await rank_volunteers(w.staff, shift.id, now=NOW)
    assert [c.volunteer_id for c in before.candidates] == [near.id, far.id]
    monkeypatch.setattr(cache, "weights_changed", lambda tenant_id: None)

    await update_weights(w.admin, WeightsInput(proximity=0, fairness=5))

    after = await rank_volunteers(w.staff, shift.id, now=NOW)
    assert after.weights["fairness"] == 5.0
    assert [c.volunteer_id for c in after.candidates] == [far.id, near.id]
