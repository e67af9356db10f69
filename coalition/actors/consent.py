"""Lived experience (过来人) under explicit consent.

A volunteer who was once a party to a dispute may help others settle theirs. That history
is sensitive personal information: it is recorded only under the person's live consent for
mediator matching, shown only to those who match mediators (tenant admins and social
workers) and to the person themself, and erased when the consent is withdrawn.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from coalition.actors.schemas import (
    ConsentOut,
    ConsentPurpose,
    DisputeKind,
    DisputeOutcome,
    LivedExperienceOut,
)
from coalition.actors.tables import Consent, LivedExperience, Person, Volunteer
from coalition.errors import Checker, Conflict, PermissionDenied
from coalition.tenancy import Actor, TenantScope
from coalition.tenancy.roles import LIVED_EXPERIENCE_ROLES
from coalition.tenancy.scope import TenantQueries

STATEMENT_MAX = 2000
SUMMARY_MAX = 1000

_EXPERIENCE = (
    LivedExperience.id,
    LivedExperience.volunteer,
    LivedExperience.volunteer.person,
    LivedExperience.volunteer._.person._.name,
    LivedExperience.consent,
    LivedExperience.kind,
    LivedExperience.summary,
    LivedExperience.outcome,
    LivedExperience.recorded_at,
)


def _consent(row: Consent) -> ConsentOut:
    return ConsentOut(
        id=row.id,
        person_id=row.person,
        purpose=row.purpose,
        statement=row.statement,
        granted_at=row.granted_at,
        recorded_by=row.recorded_by,
        withdrawn_at=row.withdrawn_at,
        withdrawn_by=row.withdrawn_by,
        live=row.withdrawn_at is None,
    )


def _experience(row: dict[str, Any]) -> LivedExperienceOut:
    return LivedExperienceOut(
        id=row["id"],
        volunteer_id=row["volunteer"],
        person_id=row["volunteer.person"],
        person_name=row["volunteer.person.name"],
        consent_id=row["consent"],
        kind=row["kind"],
        summary=row["summary"],
        outcome=row["outcome"],
        recorded_at=row["recorded_at"],
    )


def _is_self(actor: Actor, person_id: int) -> bool:
    return actor.person_id is not None and actor.person_id == person_id


def _require_self_or_matcher(actor: Actor, person_id: int, *, action: str) -> None:
    if not _is_self(actor, person_id):
        actor.require(*LIVED_EXPERIENCE_ROLES, action=action)


async def _get_consent(q: TenantQueries, consent_id: int) -> Consent:
    """The consent, locked so that a withdrawal and a recording never interleave."""
    return await q.get(Consent, consent_id, what="Consent", lock=True)


async def record_consent(
    scope: TenantScope, person_id: int, purpose: str, statement: str
) -> ConsentOut:
    """Record a person's explicit consent, in the words they agreed to. The person may
    give it themself; tenant admins and social workers may record it for them."""
    _require_self_or_matcher(scope.actor, person_id, action="record someone else's consent")
    check = Checker()
    check.choice("purpose", purpose, set(ConsentPurpose))
    check.required("statement", statement, max_length=STATEMENT_MAX)
    check.raise_if_any()
    async with scope.write() as q:
        # Locked: concurrent requests never record two live consents for one purpose.
        await q.get(Person, person_id, what="Person", lock=True)
        live = (
            q.exists(Consent)
            .where(Consent.person == person_id)
            .where(Consent.purpose == purpose)
            .where(Consent.withdrawn_at.is_null())
        )
        if await live:
            raise Conflict(
                "This person's consent for that purpose is already on record.",
                code="actors.consent_exists",
                purpose=purpose,
            )
        row = await q.create(
            Consent,
            person=person_id,
            purpose=purpose,
            statement=statement.strip(),
            granted_at=datetime.now(UTC),
            recorded_by=scope.actor.person_id,
        )
    return _consent(row)


async def withdraw_consent(scope: TenantScope, consent_id: int) -> ConsentOut:
    """Withdraw a consent and erase everything held under it, in one transaction.
    The person themself, a tenant admin or a social worker may withdraw it."""
    actor = scope.actor
    async with scope.write() as q:
        row = await _get_consent(q, consent_id)
        _require_self_or_matcher(actor, row.person, action="withdraw someone else's consent")
        if row.withdrawn_at is not None:
            raise Conflict("This consent was withdrawn already.", code="actors.consent_withdrawn")
        now = datetime.now(UTC)
        await q.update(
            Consent, {Consent.withdrawn_at: now, Consent.withdrawn_by: actor.person_id}
        ).where(Consent.id == row.id)
        await q.delete(LivedExperience).where(LivedExperience.consent == row.id)
    row.withdrawn_at, row.withdrawn_by = now, actor.person_id
    return _consent(row)


async def list_consents(scope: TenantScope, person_id: int) -> list[ConsentOut]:
    """A person's consents, live and withdrawn, newest first: to the person themself,
    tenant admins and social workers."""
    _require_self_or_matcher(scope.actor, person_id, action="see someone else's consents")
    async with scope.read() as q:
        await q.get(Person, person_id, what="Person")
        rows = (
            await q.objects(Consent)
            .where(Consent.person == person_id)
            .order_by(Consent.granted_at, ascending=False)
            .order_by(Consent.id, ascending=False)
        )
    return [_consent(row) for row in rows]


async def record_lived_experience(
    scope: TenantScope,
    volunteer_id: int,
    consent_id: int,
    kind: str,
    summary: str,
    outcome: str = DisputeOutcome.RESOLVED,
) -> LivedExperienceOut:
    """Record a volunteer's experience as a party to a dispute. Refused unless the
    consent is the volunteer's own, live, and given for mediator matching."""
    scope.actor.require(*LIVED_EXPERIENCE_ROLES, action="record lived experience")
    check = Checker()
    check.choice("kind", kind, set(DisputeKind))
    check.required("summary", summary, max_length=SUMMARY_MAX)
    check.choice("outcome", outcome, set(DisputeOutcome))
    check.raise_if_any()
    async with scope.write() as q:
        volunteer = await q.get(Volunteer, volunteer_id, what="Volunteer")
        consent = await _get_consent(q, consent_id)
        if consent.person != volunteer.person:
            raise Conflict(
                "The consent was given by someone else.", code="actors.consent_of_another_person"
            )
        if consent.purpose != ConsentPurpose.MEDIATOR_MATCHING:
            raise Conflict(
                "The consent was given for another purpose.",
                code="actors.consent_wrong_purpose",
                purpose=consent.purpose,
            )
        if consent.withdrawn_at is not None:
            raise Conflict("The consent has been withdrawn.", code="actors.consent_withdrawn")
        row = await q.create(
            LivedExperience,
            volunteer=volunteer.id,
            consent=consent.id,
            kind=kind,
            summary=summary.strip(),
            outcome=outcome,
            recorded_at=datetime.now(UTC),
        )
        person = await q.get(Person, volunteer.person, what="Person")
    return LivedExperienceOut(
        id=row.id,
        volunteer_id=volunteer.id,
        person_id=person.id,
        person_name=person.name,
        consent_id=consent.id,
        kind=row.kind,
        summary=row.summary,
        outcome=row.outcome,
        recorded_at=row.recorded_at,
    )


async def list_lived_experience(
    scope: TenantScope, volunteer_id: int | None = None
) -> list[LivedExperienceOut]:
    """Lived experience held under live consents. Tenant admins and social workers see
    everyone's (or one volunteer's); a volunteer sees only their own; nobody else any."""
    actor = scope.actor
    async with scope.read() as q:
        if not actor.has(*LIVED_EXPERIENCE_ROLES):
            own = None
            if actor.person_id is not None:
                own = (
                    await q.select(Volunteer, Volunteer.id)
                    .where(Volunteer.person == actor.person_id)
                    .first()
                )
            if own is None or volunteer_id not in (None, own["id"]):
                raise PermissionDenied(
                    "Lived experience is shown only to the person and to those who "
                    "match mediators.",
                    code="actors.lived_experience_restricted",
                )
            volunteer_id = own["id"]
        elif volunteer_id is not None:
            await q.get(Volunteer, volunteer_id, what="Volunteer")
        query = (
            q.select(LivedExperience, *_EXPERIENCE)
            .where(LivedExperience.consent.withdrawn_at.is_null())
            .order_by(LivedExperience.recorded_at, ascending=False)
            .order_by(LivedExperience.id, ascending=False)
        )
        if volunteer_id is not None:
            query = query.where(LivedExperience.volunteer == volunteer_id)
        rows = await query
    return [_experience(row) for row in rows]
