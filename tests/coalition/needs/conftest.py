from collections.abc import Iterator

import pytest

from coalition import events
from tests.coalition.needs.helpers import Heard, World, world


@pytest.fixture
async def w(tenant) -> World:
    return await world(tenant.id)


@pytest.fixture
def heard() -> Iterator[Heard]:
    listener = Heard()
    events.subscribe("*", listener)
    yield listener
    events.unsubscribe("*", listener)
