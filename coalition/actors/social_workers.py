"""Social workers (社工): certified professionals, and who employs them."""

from __future__ import annotations

from typing import Any

from coalition.actors.schemas import Certification, SocialWorkerInput, SocialWorkerOut
from coalition.actors.tables import Organisation, Person, SocialWorker
from coalition.errors import Checker, Conflict
from coalition.tenancy import TenantScope
from coalition.tenancy.roles import STRUCTURE_ROLES

_SOCIAL_WORKER = (
    SocialWorker.id,
    SocialWorker.person,
    SocialWorker.person.name,
    SocialWorker.certification,
    SocialWorker.certificate_no,
    SocialWorker.employer,
    SocialWorker.employer.name,
    SocialWorker.employer_name,
)


def _social_worker(row: dict[str, Any]) -> SocialWorkerOut:
    return SocialWorkerOut(
        id=row["id"],
        person_id=row["person"],
        person_name=row["person.name"],
        certification=row["certification"],
        certificate_no=row["certificate_no"],
        employer_id=row["employer"],
        employer_name=row["employer.name"] or row["employer_name"],
    )


async def register_social_worker(scope: TenantScope, data: SocialWorkerInput) -> SocialWorkerOut:
    """Record that a person is a certified social worker (社工), and who employs them:
    an organisation of the tenant, or an employer named in words."""
    scope.actor.require(*STRUCTURE_ROLES, action="register a social worker")
    check = Checker()
    check.choice("certification", data.certification, set(Certification))
    check.optional("certificate_no", data.certificate_no, max_length=64)
    employer_name = data.employer_name.strip()
    if data.employer_id is None and not employer_name:
        check.add("employer_name", "employer_required", "Choose or name the employer.")
    elif data.employer_id is not None and employer_name:
        check.add("employer_name", "employer_ambiguous", "Choose or name the employer, not both.")
    check.optional("employer_name", employer_name, max_length=200)
    check.raise_if_any()
    async with scope.write() as q:
        person = await q.get(Person, data.person_id, what="Person")
        if data.employer_id is not None:
            employer = await q.get(Organisation, data.employer_id, what="Organisation")
            employer_name = employer.name
        if await q.exists(SocialWorker).where(SocialWorker.person == person.id):
            raise Conflict(
                f"{person.name} is registered as a social worker already.",
                code="actors.already_social_worker",
            )
        row = await q.create(
            SocialWorker,
            person=person.id,
            certification=data.certification,
            certificate_no=data.certificate_no.strip(),
            employer=data.employer_id,
            employer_name="" if data.employer_id is not None else employer_name,
        )
    return SocialWorkerOut(
        id=row.id,
        person_id=person.id,
        person_name=person.name,
        certification=row.certification,
        certificate_no=row.certificate_no,
        employer_id=data.employer_id,
        employer_name=employer_name,
    )


async def get_social_worker(scope: TenantScope, social_worker_id: int) -> SocialWorkerOut:
    scope.actor.require_member(action="see social workers")
    async with scope.read() as q:
        row = (
            await q.select(SocialWorker, *_SOCIAL_WORKER)
            .where(SocialWorker.id == social_worker_id)
            .first()
        )
        if row is None:
            await q.get(SocialWorker, social_worker_id, what="Social worker")  # NotFound
    return _social_worker(row)


async def list_social_workers(
    scope: TenantScope, *, employer_id: int | None = None
) -> list[SocialWorkerOut]:
    scope.actor.require_member(action="see social workers")
    async with scope.read() as q:
        query = (
            q.select(SocialWorker, *_SOCIAL_WORKER)
            .order_by(SocialWorker.person.name)
            .order_by(SocialWorker.id)
        )
        if employer_id is not None:
            query = query.where(SocialWorker.employer == employer_id)
        rows = await query
    return [_social_worker(row) for row in rows]
