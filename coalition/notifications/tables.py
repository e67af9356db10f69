"""The outbox, each person's inbox and preferences, the delivery log, and import jobs."""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, Bytea, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coalition.actors.tables import Person
from coalition.tenancy.tables import TenantOwned


class Outbox(TenantOwned, Table, tablename="notifications_outbox"):
    """Work that must happen because of a committed change: notify people, run an import.

    A row is written in the same transaction as the change that causes it, so it exists if
    and only if the change does. A dispatcher hands it to a job queue (arq) under a job id
    derived from ``id`` and ``generation``; the job marks it done. Rows still pending long
    after they were handed over are handed over again with the next ``generation``.
    """

    topic = Varchar(length=48)  # an event name (shift.changed), reminder.24h, import.requested
    data = JSON(default={})  # ids and values; never whole rows
    dedupe_key = Varchar(length=160, null=True, default=None)  # unique in the tenant when set
    status = Varchar(length=16, default="pending")  # pending / done / failed
    created_at = Timestamptz(default=TimestamptzNow())
    enqueued_at = Timestamptz(null=True, default=None)  # handed to the queue (or due again)
    generation = Integer(default=0)  # how often it was handed over again
    attempts = Integer(default=0)  # job runs so far
    done_at = Timestamptz(null=True, default=None)
    last_error = Text(default="")


class Delivery(TenantOwned, Table, tablename="notifications_delivery"):
    """One notification to one person on one channel: the record that makes a job, run
    twice, send once. Unique per (outbox row, channel, person)."""

    outbox = ForeignKey(Outbox, null=False)
    channel = Varchar(length=16)  # portal / email
    person = ForeignKey(Person, null=False)
    status = Varchar(length=16)  # sending / sent / failed / refused
    address = Varchar(length=200, default="")
    message_id = Varchar(length=255, default="")  # derived from the delivery key
    attempts = Integer(default=0)
    lease_until = Timestamptz(null=True, default=None)  # a sender holds it until then
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)
    error = Text(default="")


class Notification(TenantOwned, Table, tablename="notifications_notification"):
    """An entry in a person's portal inbox; the text is rendered from ``kind`` and
    ``params`` in the reader's language."""

    person = ForeignKey(Person, null=False)
    outbox = ForeignKey(Outbox, null=True, default=None)
    kind = Varchar(length=48)
    params = JSON(default={})
    created_at = Timestamptz(default=TimestamptzNow())
    read_at = Timestamptz(null=True, default=None)


class Preference(TenantOwned, Table, tablename="notifications_preference"):
    """A person's notification settings (one row per person, made on first change)."""

    person = ForeignKey(Person, null=False)
    locale = Varchar(length=16, null=True, default=None)  # null: the tenant's language
    email = Boolean(default=True)
    digest = Boolean(default=True)
    # kind -> the channels it reaches, for the kinds the person changed (see schemas.KINDS)
    channels = JSON(default={})
    updated_at = Timestamptz(default=TimestamptzNow())


class ImportJob(TenantOwned, Table, tablename="notifications_import_job"):
    """A roster file to validate and import in the background, with its progress."""

    kind = Varchar(length=16)  # volunteers / organisations / units
    file_format = Varchar(length=8)  # csv / xlsx
    filename = Varchar(length=200, default="")
    content = Bytea()
    import_valid_rows = Boolean(default=False)  # import despite rows with errors
    status = Varchar(length=16, default="queued")
    total_rows = Integer(default=0)
    validated_rows = Integer(default=0)
    next_row = Integer(default=0)  # position of the next data row to import
    imported_rows = Integer(default=0)
    error_rows = Integer(default=0)
    failure_code = Varchar(length=64, default="")  # why the whole file was refused
    failure_params = JSON(default={})
    requested_by = ForeignKey(Person, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())


class ImportRowError(TenantOwned, Table, tablename="notifications_import_error"):
    """What is wrong with one field of one row: a code and its parameters to translate."""

    job = ForeignKey(ImportJob, null=False)
    row = Integer()  # the row's number in the sheet; the header is row 1
    field = Varchar(length=64, default="")
    code = Varchar(length=64)
    params = JSON(default={})
    phase = Varchar(length=16, default="validation")  # validation / import
