"""Reviews (群众评单): one per completed need, by the resident through the grid worker who
posted it, or by the community office."""

import pytest

from coalition import events
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.needs import board, closing
from coalition.needs.schemas import ReviewInput
from coalition.tenancy import Role
from coalition.testing.factories import NeedFactory
from tests.coalition.needs.helpers import World, history_count, person


async def completed(w: World, *, posted_by=None) -> int:
    need = await NeedFactory.create(
        tenant=w.tenant_id,
        grid=w.village_grid,
        state="completed",
        posted_by=posted_by if posted_by is not None else w.grid_worker.actor.person_id,
        settled_level="grid",
    )
    return need.id


async def test_the_grid_worker_who_posted_relays_the_residents_review(w: World, heard) -> None:
    need_id = await completed(w)

    review = await closing.review_need(
        w.grid_worker, need_id, ReviewInput(rating=5, comment=" 服务周到 ")
    )

    assert (review.rating, review.comment, review.reviewer_kind) == (5, "服务周到", "resident")
    assert review.reviewer_id == w.grid_worker.actor.person_id
    assert await closing.get_review(w.volunteer, need_id) == review
    reviewed = await board.get_need(w.staff, need_id)
    assert reviewed.state == "reviewed" and reviewed.closed_at == review.created_at
    assert heard.events[-1].name == events.NEED_REVIEWED
    assert heard.events[-1].data["rating"] == 5
    assert heard.events[-1].data["reviewer_kind"] == "resident"


async def test_the_community_office_reviews_as_the_community(w: World) -> None:
    need_id = await completed(w)

    review = await closing.review_need(w.staff, need_id, ReviewInput(rating=3, comment="偏慢"))

    assert review.reviewer_kind == "community"


async def test_a_grid_worker_relays_only_reviews_of_needs_they_posted(w: World) -> None:
    need_id = await completed(w, posted_by=w.staff.actor.person_id)

    with pytest.raises(PermissionDenied):
        await closing.review_need(w.grid_worker, need_id, ReviewInput(rating=4))
    with pytest.raises(PermissionDenied):  # nor speak for the community
        await closing.review_need(
            w.grid_worker, await completed(w), ReviewInput(rating=4, reviewer_kind="community")
        )


@pytest.mark.parametrize("who", ["other_staff", "other_grid_worker", "coordinator", "volunteer"])
async def test_others_do_not_review(w: World, who: str) -> None:
    need_id = await completed(w)

    with pytest.raises(PermissionDenied):
        await closing.review_need(getattr(w, who), need_id, ReviewInput(rating=1))
    assert await closing.get_review(w.staff, need_id) is None
    assert await history_count(w.tenant_id) == 0


async def test_staff_cannot_pass_their_own_review_off_as_the_residents(w: World) -> None:
    need_id = await completed(w)

    with pytest.raises(PermissionDenied):
        await closing.review_need(w.staff, need_id, ReviewInput(rating=5, reviewer_kind="resident"))


@pytest.mark.parametrize("rating", [0, 6, -1])
async def test_a_rating_is_from_one_to_five(w: World, rating: int) -> None:
    need_id = await completed(w)

    with pytest.raises(InvalidInput) as caught:
        await closing.review_need(w.staff, need_id, ReviewInput(rating=rating))

    assert caught.value.fields["rating"].code == "out_of_range"


async def test_a_need_is_reviewed_once(w: World) -> None:
    need_id = await completed(w)
    await closing.review_need(w.grid_worker, need_id, ReviewInput(rating=5))
    before = await history_count(w.tenant_id)

    with pytest.raises(Conflict) as caught:
        await closing.review_need(w.staff, need_id, ReviewInput(rating=2))

    assert caught.value.code == "needs.already_reviewed"
    assert (await closing.get_review(w.staff, need_id)).rating == 5
    assert await history_count(w.tenant_id) == before


@pytest.mark.parametrize("state", ["open", "accepted", "in_service", "cancelled"])
async def test_only_a_completed_need_is_reviewed(w: World, state: str) -> None:
    need = await NeedFactory.create(tenant=w.tenant_id, grid=w.village_grid, state=state)

    with pytest.raises(Conflict) as caught:
        await closing.review_need(w.staff, need.id, ReviewInput(rating=5))

    assert caught.value.code == "needs.illegal_transition"
    assert await closing.get_review(w.staff, need.id) is None


async def test_another_tenants_need_is_not_reviewed_or_read(w: World, other_tenant) -> None:
    need_id = await completed(w)
    outsider = await person(other_tenant.id, Role.TENANT_ADMIN)

    with pytest.raises(NotFound):
        await closing.review_need(outsider, need_id, ReviewInput(rating=1))
    with pytest.raises(NotFound):
        await closing.get_review(outsider, need_id)
