import pytest

from tests.coalition.matching.helpers import World, world


@pytest.fixture
async def w(tenant) -> World:
    return await world(tenant.id)
