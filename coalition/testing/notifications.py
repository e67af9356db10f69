"""Factories of the notifications context (outbox, deliveries, inbox, preferences, import
jobs). Rows are written as given; no job runs::

    note = await NotificationFactory.create(tenant=tenant, person=person)
    job = await ImportJobFactory.create(tenant=tenant, content=b"name\\n王芳\\n")
"""

from __future__ import annotations

import factory

from coalition.notifications.tables import (
    Delivery,
    ImportJob,
    ImportRowError,
    Notification,
    Outbox,
    Preference,
)
from coalition.testing.base import PiccoloFactory

_SAME_TENANT = factory.SelfAttribute("..tenant")
# Paths, not imports: coalition.testing.factories re-exports this module's factories.
_PERSON = "coalition.testing.factories.PersonFactory"


class OutboxFactory(PiccoloFactory):
    class Meta:
        model = Outbox

    topic = "invitation.sent"
    data = "{}"
    status = "pending"


class DeliveryFactory(PiccoloFactory):
    class Meta:
        model = Delivery

    outbox = factory.SubFactory(OutboxFactory, tenant=_SAME_TENANT)
    person = factory.SubFactory(_PERSON, tenant=_SAME_TENANT)
    channel = "email"
    status = "sent"
    address = factory.Sequence(lambda n: f"volunteer{n}@example.cn")


class NotificationFactory(PiccoloFactory):
    class Meta:
        model = Notification

    person = factory.SubFactory(_PERSON, tenant=_SAME_TENANT)
    outbox = None
    kind = "signup.confirmed"
    params = '{"need": "陪伴独居老人", "starts": "2026-12-01 09:00", "ends": "11:00"}'


class PreferenceFactory(PiccoloFactory):
    class Meta:
        model = Preference

    person = factory.SubFactory(_PERSON, tenant=_SAME_TENANT)
    locale = None
    email = True
    digest = True


class ImportJobFactory(PiccoloFactory):
    class Meta:
        model = ImportJob

    kind = "volunteers"
    file_format = "csv"
    filename = "志愿者名册.csv"
    content = "姓名,手机\n王芳,13800000000\n".encode()
    requested_by = None


class ImportRowErrorFactory(PiccoloFactory):
    class Meta:
        model = ImportRowError

    job = factory.SubFactory(ImportJobFactory, tenant=_SAME_TENANT)
    row = 2
    field = "name"
    code = "required"
    params = "{}"
