"""The demo tenants look like the coalitions of DOMAIN.md, and every printed login works."""

import uuid
from dataclasses import replace

import pytest

from coalition.actors import accounts, consent
from coalition.alliances import agreements
from coalition.alliances import services as alliances
from coalition.demo import data, seed_demo
from coalition.errors import NotFound
from coalition.reports.overview import tenant_overview
from coalition.tenancy import TenantScope
from coalition.tenancy.services import get_tenant_by_slug


async def test_the_demo_models_the_yantai_alliance_and_a_smaller_weihai_tenant(capsys) -> None:
    logins = await seed_demo()
    printed = capsys.readouterr().out

    yantai = await get_tenant_by_slug(data.YANTAI.slug)
    weihai = await get_tenant_by_slug(data.WEIHAI.slug)
    big = await tenant_overview(TenantScope.system(yantai.id))
    small = await tenant_overview(TenantScope.system(weihai.id))
    assert big.communities == 8 and big.grids >= 8 * 3
    assert big.organisations > 100 and big.units == 20
    assert 200 <= big.volunteers <= 500 and big.social_workers >= 5
    assert big.alliances == 1 and big.agreements == 1
    assert small.communities == 1 and small.volunteers < big.volunteers

    (alliance,) = await alliances.list_alliances(TenantScope.system(yantai.id))
    assert alliance.lead_branch == "狮子山片区联合党总支"
    assert alliance.members == 8 + big.organisations + big.units
    (agreement,) = await agreements.list_agreements(TenantScope.system(yantai.id))
    assert len(agreement.areas) == 6

    await _the_working_cycle_is_under_way(yantai.id)

    roles = {login.role for login in logins}
    assert len(roles) == 7
    for login in logins:
        assert login.username in printed
        tenant = yantai if login.tenant_slug == data.YANTAI.slug else weihai
        actor = await accounts.authenticate(tenant.id, login.username, data.DEMO_PASSWORD)
        assert {str(role) for role in actor.roles} == {login.role}


async def test_the_demo_mediators_lived_experience_is_seen_only_by_social_workers() -> None:
    await seed_demo()
    weihai = await get_tenant_by_slug(data.WEIHAI.slug)
    social = await accounts.authenticate(weihai.id, "wh-social", data.DEMO_PASSWORD)

    shown = await consent.list_lived_experience(TenantScope(weihai.id, social))

    assert len(shown) == 5


async def test_running_the_demo_again_adds_nothing(capsys) -> None:
    await seed_demo()
    yantai = await get_tenant_by_slug(data.YANTAI.slug)
    before = await tenant_overview(TenantScope.system(yantai.id))

    logins = await seed_demo()

    assert await tenant_overview(TenantScope.system(yantai.id)) == before
    assert "yt-admin" in capsys.readouterr().out and len(logins) == 14


async def test_an_interrupted_demo_leaves_no_half_built_tenant(monkeypatch) -> None:
    from coalition.demo import seed

    slug = f"weihai-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(data, "WEIHAI", replace(data.WEIHAI, slug=slug))
    finish_alliance = seed.add_alliance

    async def interrupted(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the machine stopped")

    monkeypatch.setattr(seed, "add_alliance", interrupted)
    with pytest.raises(RuntimeError):
        await seed_demo()
    with pytest.raises(NotFound):
        await get_tenant_by_slug(slug)

    monkeypatch.setattr(seed, "add_alliance", finish_alliance)
    await seed_demo()

    weihai = await get_tenant_by_slug(slug)
    overview = await tenant_overview(TenantScope.system(weihai.id))
    assert overview.alliances == 1 and overview.volunteers > 30


async def _the_working_cycle_is_under_way(tenant_id: int) -> None:
    """Needs in every state, shifts with sign-ups and a waitlist, verified hours, activities,
    and needs settled mostly inside the grid."""
    from coalition.activities.tables import Activity
    from coalition.hours.tables import HoursRecord
    from coalition.needs.schemas import NeedState
    from coalition.needs.tables import Need
    from coalition.shifts.tables import Shift, SignUp

    async with TenantScope.system(tenant_id).read() as q:
        states = {row["state"] for row in await q.select(Need, Need.state).distinct()}
        signups = {row["status"] for row in await q.select(SignUp, SignUp.status).distinct()}
        levels = [row["settled_level"] for row in await q.select(Need, Need.settled_level)]
        assert states == {state.value for state in NeedState}
        assert {"confirmed", "waitlisted"} <= signups
        assert await q.count(Shift) > 40
        assert await q.count(HoursRecord).where(HoursRecord.status == "verified") > 50
        assert await q.count(Activity) >= 10
    settled = [level for level in levels if level]
    assert settled.count("grid") / len(settled) > 0.8 and "county" in settled
