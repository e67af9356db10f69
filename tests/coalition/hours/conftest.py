from collections.abc import Iterator

import pytest

from coalition import events
from tests.coalition.hours.helpers import Heard, World, build_world


@pytest.fixture
async def world(tenant) -> World:
    return await build_world(tenant.id)


@pytest.fixture
def heard() -> Iterator[Heard]:
    heard = Heard()
    events.subscribe("*", heard)
    yield heard
    events.unsubscribe("*", heard)
