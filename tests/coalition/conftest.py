from typing import Any

import pytest

from coalition.db import bind


@pytest.fixture(autouse=True)
def _bound(engine: Any) -> None:
    """Library tests run against each engine in turn."""
    bind(engine)
