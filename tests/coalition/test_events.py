"""The event hook: subscribers hear of a change in its transaction or after it commits."""

import pytest

from coalition import events
from coalition.places.tables import Community
from coalition.tenancy import TenantScope


@pytest.fixture
def heard():
    heard: list[tuple[str, events.Event]] = []

    async def after(event: events.Event) -> None:
        heard.append(("after_commit", event))

    async def during(q, event: events.Event) -> None:
        # Writes in the same transaction as the change (an outbox works this way).
        await q.create(Community, name=f"记录-{event.data['n']}", kind="urban")
        heard.append(("in_transaction", event))

    events.subscribe("test.happened", after)
    events.subscribe("test.happened", during, phase="in_transaction")
    yield heard
    events.unsubscribe("test.happened", after)
    events.unsubscribe("test.happened", during)


async def test_subscribers_hear_of_a_committed_change_in_order(scope: TenantScope, heard) -> None:
    async with scope.write() as q:
        await events.emit(q, "test.happened", {"n": 1}, actor=None)
        assert [phase for phase, _ in heard] == ["in_transaction"]

    assert [phase for phase, _ in heard] == ["in_transaction", "after_commit"]
    event = heard[-1][1]
    assert (event.name, event.tenant_id, event.data) == ("test.happened", scope.tenant_id, {"n": 1})
    async with scope.read() as q:
        assert await q.count(Community) == 1


async def test_a_rolled_back_change_is_never_announced(scope: TenantScope, heard) -> None:
    with pytest.raises(RuntimeError):
        async with scope.write() as q:
            await events.emit(q, "test.happened", {"n": 2}, actor=None)
            raise RuntimeError("the use case failed after emitting")

    assert [phase for phase, _ in heard] == ["in_transaction"]
    async with scope.read() as q:
        assert await q.count(Community) == 0  # the subscriber's write rolled back too


async def test_a_failing_after_commit_subscriber_does_not_undo_the_change(
    scope: TenantScope,
) -> None:
    async def broken(event: events.Event) -> None:
        raise ValueError("subscriber bug")

    events.subscribe("test.other", broken)
    try:
        async with scope.write() as q:
            await q.create(Community, name="保留", kind="urban")
            await events.emit(q, "test.other", {}, actor=None)
    finally:
        events.unsubscribe("test.other", broken)

    async with scope.read() as q:
        assert await q.count(Community) == 1
