"""The resident's name, phone and address: shown to the community's staff, the grid's
workers and tenant admins, blanked for everyone else."""

import pytest

from coalition.needs import board, services
from coalition.needs.views import need_out
from coalition.tenancy import SYSTEM_ACTOR, Actor, Role
from tests.coalition.needs.helpers import World

ROW = {
    "id": 7,
    "title": "调解邻里漏水纠纷",
    "description": "",
    "category": "dispute_mediation",
    "community": 10,
    "community.name": "东村",
    "grid": 20,
    "grid.name": "东村第一网格",
    "alliance": None,
    "alliance.name": None,
    "required_skills": ["矛盾调解"],
    "urgency": "normal",
    "state": "open",
    "level": "grid",
    "settled_level": None,
    "posted_by": 3,
    "resident_name": "王秀英",
    "resident_phone": "13800001111",
    "resident_address": "幸福路12号",
    "dispatch_kind": None,
    "dispatched_organisation": None,
    "dispatched_unit": None,
    "dispatched_organisation.name": None,
    "dispatched_unit.name": None,
    "created_at": None,
    "opened_at": None,
    "dispatched_at": None,
    "accepted_at": None,
    "filled_at": None,
    "completed_at": None,
    "closed_at": None,
    "updated_at": None,
}


def actor(*roles: Role, **covers: set[int]) -> Actor:
    return Actor(
        person_id=99,
        roles=frozenset(roles),
        **{key: frozenset(ids) for key, ids in covers.items()},
    )


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        (actor(Role.TENANT_ADMIN), True),
        (SYSTEM_ACTOR, True),
        (actor(Role.COMMUNITY_STAFF, communities={10}), True),
        (actor(Role.GRID_WORKER, grids={20}, communities={10}), True),
        (actor(Role.COMMUNITY_STAFF, communities={11}), False),
        (actor(Role.GRID_WORKER, grids={21}, communities={10}), False),  # same village
        (actor(Role.SOCIAL_WORKER, communities={10}), False),
        (actor(Role.ORG_COORDINATOR, organisations={10}), False),
        (actor(Role.UNIT_LIAISON, units={20}), False),
        (actor(Role.VOLUNTEER), False),
        (Actor(person_id=3, roles=frozenset({Role.VOLUNTEER})), False),  # even the poster id
    ],
)
def test_contact_details_are_shaped_by_viewer(viewer: Actor, sees: bool) -> None:
    out = need_out(ROW, viewer)

    assert out.contact_visible is sees
    contact = (out.resident_name, out.resident_phone, out.resident_address)
    assert contact == (("王秀英", "13800001111", "幸福路12号") if sees else ("", "", ""))
    assert (out.title, out.community_name, out.required_skills) == (
        "调解邻里漏水纠纷",
        "东村",
        ("矛盾调解",),
    )


async def test_the_board_and_the_need_blank_contacts_for_members_and_volunteers(w: World) -> None:
    need = await services.post_need(w.grid_worker, w.need())

    for viewer in (w.staff, w.grid_worker, w.admin):
        assert (await board.get_need(viewer, need.id)).resident_phone == "13800001111"
    for viewer in (w.coordinator, w.liaison, w.volunteer, w.other_staff, w.other_grid_worker):
        seen = await board.get_need(viewer, need.id)
        assert (seen.resident_name, seen.resident_phone, seen.resident_address) == ("", "", "")
        (listed,) = (await board.list_needs(viewer)).items
        assert (listed.resident_phone, listed.contact_visible) == ("", False)
