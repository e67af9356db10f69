import pytest

from tests.coalition.notifications.helpers import World, world


@pytest.fixture
async def w(tenant) -> World:
    return await world(tenant.id)
