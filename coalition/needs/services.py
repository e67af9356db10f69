"""Posting and editing needs (群众点单): by community staff, tenant admins, or a grid worker
on behalf of a resident of a grid they cover."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from coalition import events
from coalition.alliances.tables import Alliance, AllianceMember
from coalition.errors import Checker, Conflict
from coalition.needs.access import deny, is_poster, may_post, visible_need
from coalition.needs.categories import is_category
from coalition.needs.lifecycle import move, record
from coalition.needs.schemas import (
    EDITABLE_STATES,
    Level,
    NeedAction,
    NeedInput,
    NeedOut,
    NeedState,
    Urgency,
)
from coalition.needs.tables import Need, NeedEvent
from coalition.needs.views import read_need
from coalition.places.tables import Community, Grid
from coalition.tenancy import Actor, Role, TenantQueries, TenantScope
from coalition.tenancy.clock import utc_now

PHONE = re.compile(r"^[0-9+\-() ]*$")
MAX_SKILLS = 20
_POSTERS = (Role.TENANT_ADMIN, Role.COMMUNITY_STAFF, Role.GRID_WORKER)
_WHO_POSTS = "tenant admins, this community's staff and the grid's workers"


def _skills(data: NeedInput, check: Checker) -> list[str]:
    skills: list[str] = []
    for skill in (s.strip() for s in data.required_skills):
        if len(skill) > 64:
            check.add("required_skills", "too_long", "A skill has at most 64 characters.")
        elif skill and skill not in skills:
            skills.append(skill)
    if len(skills) > MAX_SKILLS:
        check.add("required_skills", "too_many", f"At most {MAX_SKILLS} skills.", most=MAX_SKILLS)
    return skills


def _check_fields(data: NeedInput) -> list[str]:
    """Field checks that need no database; returns the cleaned skills."""
    check = Checker()
    check.required("title", data.title, max_length=200)
    check.optional("description", data.description, max_length=5000)
    check.choice("urgency", data.urgency, set(Urgency))
    check.optional("resident_name", data.resident_name, max_length=100)
    check.optional("resident_phone", data.resident_phone, max_length=32)
    if not PHONE.match(data.resident_phone):
        check.add("resident_phone", "invalid_phone", "Use digits, spaces, +, - and brackets.")
    check.optional("resident_address", data.resident_address, max_length=300)
    if data.grid_id is None and data.community_id is None:
        check.add("community_id", "required", "Give the community, or a grid of it.")
    skills = _skills(data, check)
    check.raise_if_any()
    return skills


async def _place(q: TenantQueries, actor: Actor, data: NeedInput) -> tuple[int, int | None]:
    """The need's community and grid, checked against each other and the actor's roles."""
    if data.grid_id is not None:
        grid = await q.get(Grid, data.grid_id, what="Grid")
        community_id = grid.community
        if data.community_id is not None and data.community_id != community_id:
            await q.get(Community, data.community_id, what="Community")
            check = Checker()
            check.add("grid_id", "not_in_community", "The grid is not in the chosen community.")
            check.raise_if_any()
    else:
        community_id = (await q.get(Community, data.community_id, what="Community")).id
    if not may_post(actor, community_id, data.grid_id):
        raise deny("post or edit needs here", _WHO_POSTS)
    return community_id, data.grid_id


async def _check_references(q: TenantQueries, data: NeedInput, community_id: int) -> None:
    check = Checker()
    if not await is_category(q, data.category):
        check.add("category", "unknown_category", f"{data.category!r} is not a category.")
    if data.alliance_id is not None:
        alliance = await q.get(Alliance, data.alliance_id, what="Alliance")
        member = await q.exists(AllianceMember).where(
            (AllianceMember.alliance == alliance.id)
            & (AllianceMember.community == community_id)
            & AllianceMember.left_on.is_null()
        )
        if not member:
            check.add(
                "alliance_id",
                "community_not_member",
                f"The community is not an active member of {alliance.name}.",
                alliance=alliance.name,
            )
    check.raise_if_any()


def _values(data: NeedInput, skills: list[str]) -> dict[str, Any]:
    return {
        "title": data.title.strip(),
        "description": data.description.strip(),
        "category": data.category,
        "alliance": data.alliance_id,
        "required_skills": skills,
        "urgency": data.urgency,
        "resident_name": data.resident_name.strip(),
        "resident_phone": data.resident_phone.strip(),
        "resident_address": data.resident_address.strip(),
    }


def _opened_data(need: Need) -> dict[str, Any]:
    return {
        "need_id": need.id,
        "community_id": need.community,
        "grid_id": need.grid,
        "alliance_id": need.alliance,
        "category": need.category,
        "urgency": need.urgency,
    }


async def post_need(
    scope: TenantScope, data: NeedInput, *, draft: bool = False, now: datetime | None = None
) -> NeedOut:
    """Post a need, open at once unless ``draft``; it starts at grid level when it has a
    grid, else at community level."""
    actor = scope.actor
    actor.require(*_POSTERS, action="post a need")
    skills = _check_fields(data)
    at = utc_now(now)
    async with scope.write() as q:
        community_id, grid_id = await _place(q, actor, data)
        await _check_references(q, data, community_id)
        need = await q.create(
            Need,
            **_values(data, skills),
            community=community_id,
            grid=grid_id,
            state=NeedState.DRAFT,
            level=Level.GRID if grid_id is not None else Level.COMMUNITY,
            posted_by=actor.person_id,
            created_at=at,
            updated_at=at,
        )
        await record(
            q, need.id, NeedAction.POSTED, actor=actor.person_id, at=at, to_state=need.state
        )
        if not draft:
            await _open(q, need, actor, at)
        return await read_need(q, need.id, actor)


async def _open(q: TenantQueries, need: Need, actor: Actor, at: datetime) -> None:
    await move(
        q,
        need,
        NeedAction.OPENED,
        actor=actor.person_id,
        at=at,
        values={Need.opened_at: at},
    )
    await events.emit(q, events.NEED_OPENED, _opened_data(need), actor=actor.person_id)


async def open_need(scope: TenantScope, need_id: int, *, now: datetime | None = None) -> NeedOut:
    """Publish a draft onto the community's list (draft → open)."""
    actor = scope.actor
    async with scope.write() as q:
        need = await visible_need(q, actor, need_id, lock=True)
        if not (may_post(actor, need.community, need.grid) or is_poster(actor, need)):
            raise deny("open this need", _WHO_POSTS)
        await _open(q, need, actor, utc_now(now))
        return await read_need(q, need.id, actor)


async def edit_need(
    scope: TenantScope, need_id: int, data: NeedInput, *, now: datetime | None = None
) -> NeedOut:
    """Change a draft or open need; the fields and rules are those of posting."""
    actor = scope.actor
    skills = _check_fields(data)
    at = utc_now(now)
    async with scope.write() as q:
        need = await visible_need(q, actor, need_id, lock=True)
        if not may_post(actor, need.community, need.grid):
            raise deny("edit this need", _WHO_POSTS)
        if need.state not in EDITABLE_STATES:
            raise Conflict(
                f"Need {need.id} is {need.state}; only draft and open needs can be edited.",
                code="needs.not_editable",
                need_id=need.id,
                current=need.state,
            )
        community_id, grid_id = await _place(q, actor, data)
        await _check_references(q, data, community_id)
        values: dict[Any, Any] = {
            **_values(data, skills),
            "community": community_id,
            "grid": grid_id,
            "updated_at": at,
        }
        escalated = await q.exists(NeedEvent).where(
            (NeedEvent.need == need.id) & (NeedEvent.action == NeedAction.ESCALATED)
        )
        if not escalated:  # still at the level it was posted at
            values["level"] = Level.GRID if grid_id is not None else Level.COMMUNITY
        await q.update(Need, values).where(Need.id == need.id)
        await record(q, need.id, NeedAction.EDITED, actor=actor.person_id, at=at)
        return await read_need(q, need.id, actor)
