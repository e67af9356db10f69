"""The cards of the open-shifts page: one shift, how near it is, its places, and where the
volunteer stands on it.

``browse_open_shifts`` gives a page of shifts without their need's category or place
names, so each need shown is read once with ``get_need`` (at most one page of needs).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from coalition.actors.schemas import VolunteerOut
from coalition.needs.board import get_need
from coalition.needs.categories import list_categories
from coalition.needs.schemas import NeedOut
from coalition.shifts.browse import browse_open_shifts
from coalition.shifts.schemas import MySignUpOut, OpenShiftOut, Proximity, ShiftOut
from coalition.shifts.services import get_shift
from coalition.shifts.signups import my_signups
from coalition.tenancy import TenantScope
from portal.i18n import N_, Translator

PAGE_SIZE = 10
#: The furthest page asked for (offsets beyond are refused by the library).
MAX_PAGE = 100_000

PROXIMITY_LABELS = {
    Proximity.GRID.value: N_("In your grid"),
    Proximity.COMMUNITY.value: N_("In your community"),
    Proximity.ELSEWHERE.value: N_("Elsewhere"),
}


@dataclass(frozen=True, slots=True)
class ShiftCard:
    shift_id: int
    need_id: int
    title: str
    category: str
    where: str
    starts_at: datetime
    ends_at: datetime
    place: str
    headcount: int
    confirmed: int
    waitlisted: int
    proximity: str
    my_status: str | None = None
    my_position: int | None = None
    notice: str | None = None
    message: str | None = None

    @property
    def places_left(self) -> int:
        return max(0, self.headcount - self.confirmed)

    @property
    def full(self) -> bool:
        return self.places_left == 0


@dataclass(frozen=True, slots=True)
class ShiftsPage:
    cards: list[ShiftCard]
    page: int
    pages: int
    total: int


def page_number(raw: str | None) -> int:
    """A 1-based page number from the query or a form; anything else is page 1."""
    try:
        page = int(raw or "1")
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


async def _category_names(scope: TenantScope, t: Translator) -> dict[str, str]:
    english = t.locale == "en"
    return {
        c.code: (c.name_en or c.name_zh) if english else c.name_zh
        for c in await list_categories(scope)
    }


async def _needs(scope: TenantScope, ids: Iterable[int]) -> dict[int, NeedOut]:
    return {need_id: await get_need(scope, need_id) for need_id in sorted(set(ids))}


def _where(need: NeedOut) -> str:
    return " · ".join(name for name in (need.community_name, need.grid_name) if name)


def _mine(signups: list[MySignUpOut]) -> dict[int, MySignUpOut]:
    return {s.shift_id: s for s in signups}


async def open_shifts_page(
    scope: TenantScope, t: Translator, page: int, *, message_for: tuple[int, str] | None = None
) -> ShiftsPage:
    """One page of open shifts for the calling volunteer, nearest first."""
    found = await browse_open_shifts(scope, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    needs = await _needs(scope, (item.need_id for item in found.items))
    categories = await _category_names(scope, t)
    mine = _mine(await my_signups(scope))
    cards = [_from_open(item, needs[item.need_id], categories, mine) for item in found.items]
    if message_for is not None:
        shift_id, message = message_for
        cards = [replace(c, message=message) if c.shift_id == shift_id else c for c in cards]
    pages = max(1, -(-found.total // PAGE_SIZE))
    return ShiftsPage(cards=cards, page=page, pages=pages, total=found.total)


def _from_open(
    item: OpenShiftOut,
    need: NeedOut,
    categories: dict[str, str],
    mine: dict[int, MySignUpOut],
) -> ShiftCard:
    own = mine.get(item.shift_id)
    return ShiftCard(
        shift_id=item.shift_id,
        need_id=item.need_id,
        title=item.need_title,
        category=categories.get(need.category, need.category),
        where=_where(need),
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        place=item.place,
        headcount=item.headcount,
        confirmed=item.confirmed,
        waitlisted=item.waitlisted,
        proximity=item.proximity,
        my_status=own.status if own else item.my_status,
        my_position=own.waitlist_position if own else None,
    )


def proximity_of(volunteer: VolunteerOut | None, need: NeedOut) -> str:
    """As ``browse_open_shifts`` ranks it: the home grid, its community, or elsewhere."""
    if volunteer is None or volunteer.home_grid_id is None:
        return Proximity.ELSEWHERE.value
    if need.grid_id is not None and need.grid_id == volunteer.home_grid_id:
        return Proximity.GRID.value
    if need.community_id == volunteer.community_id:
        return Proximity.COMMUNITY.value
    return Proximity.ELSEWHERE.value


async def one_card(
    scope: TenantScope,
    t: Translator,
    shift_id: int,
    volunteer: VolunteerOut | None,
    *,
    notice: str | None = None,
    message: str | None = None,
) -> ShiftCard:
    """The card of one shift (after signing up), read afresh."""
    shift: ShiftOut = await get_shift(scope, shift_id)
    need = await get_need(scope, shift.need_id)
    categories = await _category_names(scope, t)
    own = _mine(await my_signups(scope)).get(shift_id)
    return ShiftCard(
        shift_id=shift.id,
        need_id=need.id,
        title=need.title,
        category=categories.get(need.category, need.category),
        where=_where(need),
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        place=shift.place,
        headcount=shift.headcount,
        confirmed=shift.confirmed,
        waitlisted=shift.waitlisted,
        proximity=proximity_of(volunteer, need),
        my_status=own.status if own else None,
        my_position=own.waitlist_position if own else None,
        notice=notice,
        message=message,
    )


__all__ = [
    "PAGE_SIZE",
    "PROXIMITY_LABELS",
    "ShiftCard",
    "ShiftsPage",
    "one_card",
    "open_shifts_page",
    "page_number",
    "proximity_of",
]
