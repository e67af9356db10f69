from coalition.reports.overview import tenant_overview
from coalition.testing.factories import (
    AllianceFactory,
    GridFactory,
    OrganisationFactory,
    SocialWorkerFactory,
    UnitFactory,
    VolunteerFactory,
)


async def test_the_overview_counts_what_the_coalition_is_made_of(
    tenant, other_tenant, scope
) -> None:
    grid = await GridFactory.create(tenant=tenant)
    await GridFactory.create(tenant=tenant, community=grid.community)
    for _ in range(3):
        await OrganisationFactory.create(tenant=tenant)
    await UnitFactory.create(tenant=tenant)
    await VolunteerFactory.create(tenant=tenant, home_grid=grid.id)
    await VolunteerFactory.create(tenant=tenant, active=False)
    await SocialWorkerFactory.create(tenant=tenant)
    await AllianceFactory.create(tenant=tenant)
    # Another tenant's coalition is never counted.
    await GridFactory.create(tenant=other_tenant)
    await OrganisationFactory.create(tenant=other_tenant)
    await AllianceFactory.create(tenant=other_tenant)

    overview = await tenant_overview(scope)

    assert (overview.communities, overview.grids) == (1, 2)
    assert (overview.organisations, overview.units) == (3, 1)
    assert (overview.volunteers, overview.active_volunteers) == (2, 1)
    assert (overview.social_workers, overview.alliances, overview.agreements) == (1, 1, 0)
