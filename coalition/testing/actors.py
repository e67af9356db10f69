"""Factories of the actors context, with Chinese names by default.

Every factory needs ``tenant=``; related rows (the person of a volunteer, the consent of
a lived experience) are made in the same tenant::

    volunteer = await VolunteerFactory.create(tenant=tenant, home_grid=grid)
    story = await LivedExperienceFactory.create(tenant=tenant, volunteer=volunteer)
"""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime
from typing import Any

import factory
from piccolo.table import Table

from coalition.actors.tables import (
    Consent,
    LivedExperience,
    Organisation,
    Person,
    SocialWorker,
    Unit,
    Volunteer,
)
from coalition.tenancy.scope import TenantScope
from coalition.testing.base import PiccoloFactory

faker = factory.Faker._get_faker(locale="zh_CN")

SKILLS = ["助老服务", "矛盾调解", "心理疏导", "法律咨询", "垃圾分类宣传", "义诊", "课业辅导"]


def _same_tenant() -> Any:
    return factory.SelfAttribute("..tenant")


class PersonFactory(PiccoloFactory):
    class Meta:
        model = Person

    name = factory.LazyFunction(faker.name)
    phone = factory.LazyFunction(faker.phone_number)
    email = ""


class OrganisationFactory(PiccoloFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"{faker.city_name()}阳光社会工作服务中心{n}")
    kind = "service_agency"
    registration_no = factory.Sequence(lambda n: f"52370600MJ{n:08d}")
    services = factory.LazyFunction(lambda: ["助老服务", "矛盾调解"])
    phone = factory.LazyFunction(faker.phone_number)
    community = None


class UnitFactory(PiccoloFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"{faker.company()}{n}")
    kind = "enterprise"
    address = factory.LazyFunction(faker.street_address)
    resources = factory.LazyFunction(lambda: ["会议室", "职工志愿者"])
    phone = factory.LazyFunction(faker.phone_number)
    community = None


class SocialWorkerFactory(PiccoloFactory):
    class Meta:
        model = SocialWorker

    person = factory.SubFactory(PersonFactory, tenant=_same_tenant())
    certification = "intermediate"
    certificate_no = factory.Sequence(lambda n: f"SW{n:08d}")
    employer = None
    employer_name = factory.LazyFunction(lambda: f"{faker.city_name()}社会工作服务站")


class VolunteerFactory(PiccoloFactory):
    class Meta:
        model = Volunteer

    person = factory.SubFactory(PersonFactory, tenant=_same_tenant())
    skills = factory.LazyFunction(lambda: faker.random_elements(SKILLS, length=2, unique=True))
    languages = factory.LazyFunction(lambda: ["普通话"])
    availability = factory.LazyFunction(lambda: [{"weekday": 5, "start": "09:00", "end": "12:00"}])
    home_grid = None
    max_hours_week = 8
    active = True
    joined_on = factory.LazyFunction(date.today)
    organisation = None


class ConsentFactory(PiccoloFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory, tenant=_same_tenant())
    purpose = "mediator_matching"
    statement = "本人同意将本人曾作为纠纷当事人的经历用于调解员匹配，可随时撤回。"
    granted_at = factory.LazyFunction(lambda: datetime.now(UTC))
    recorded_by = None
    withdrawn_at = None
    withdrawn_by = None


def _pk(value: Any) -> Any:
    return getattr(value, value._meta.primary_key._meta.name) if isinstance(value, Table) else value


class LivedExperienceFactory(PiccoloFactory):
    """Without ``consent=``, a live mediator-matching consent of the volunteer's person
    is made too."""

    class Meta:
        model = LivedExperience

    volunteer = factory.SubFactory(VolunteerFactory, tenant=_same_tenant())
    consent = None
    kind = "neighbour_dispute"
    summary = "曾因楼上漏水与邻居发生纠纷，经社区调解和解。"
    outcome = "resolved"
    recorded_at = factory.LazyFunction(lambda: datetime.now(UTC))

    @classmethod
    def _create(cls, model_class: type[Table], *args: Any, **kwargs: Any) -> Any:
        base = super()._create

        async def create() -> Table:
            volunteer = kwargs["volunteer"]
            if inspect.isawaitable(volunteer):
                volunteer = await volunteer
            if kwargs.get("consent") is None:
                tenant_id = _pk(kwargs["tenant"])
                if isinstance(volunteer, Volunteer):
                    person_id = volunteer.person
                else:
                    async with TenantScope.system(tenant_id).read() as q:
                        person_id = (await q.get(Volunteer, volunteer)).person
                kwargs["consent"] = await ConsentFactory.create(tenant=tenant_id, person=person_id)
            return await base(model_class, *args, **{**kwargs, "volunteer": volunteer})

        return create()


__all__ = [
    "ConsentFactory",
    "LivedExperienceFactory",
    "OrganisationFactory",
    "PersonFactory",
    "SocialWorkerFactory",
    "UnitFactory",
    "VolunteerFactory",
]
