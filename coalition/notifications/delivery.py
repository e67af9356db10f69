"""Deliver one outbox row: every recipient's inbox entry and e-mail, each exactly once.

Run twice (or by two workers at once), it sends once. Each delivery — outbox row, channel,
person — is a row of :class:`~coalition.notifications.tables.Delivery` under a unique key:

* **portal**: the delivery row and the inbox entry are written in one transaction;
* **email**: claim, send, mark. The claim (status ``sending``, a lease) commits before
  the message leaves; a worker that dies mid-send leaves the claim, which another run
  takes over once the lease has run out and sends again. The Message-ID is derived from
  the delivery key, so in the one unlucky case (the server accepted the message, the
  worker died before recording it) the two copies are the same message to any reader.

Each person's choices say which channels a kind of notification reaches
(:func:`~coalition.notifications.schemas.reached`): a channel they turned off gets no
delivery row, no inbox entry and no e-mail. What they want by e-mail comes to their inbox
instead when e-mail cannot reach them (no address, or e-mail's master switch off), so a
notice they want never silently reaches nobody; a kind turned off on both channels stays
off. The choices and the address are read on each run (those of the moment of delivery,
not of the change), and whatever a run delivers is still delivered once.

The function is the body of the ``deliver_notification`` job (tasks/jobs.py) and of the
embedded runner; it knows nothing about queues: it says whether the row is finished or
when to try again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coalition.actors.tables import Person
from coalition.errors import Conflict
from coalition.notifications import mail, messages, outbox
from coalition.notifications.recipients import At, Message, messages_for
from coalition.notifications.schemas import EMAIL, PORTAL, reached
from coalition.notifications.tables import Delivery, Notification, Preference
from coalition.tenancy import TenantScope
from coalition.tenancy.clock import utc_now
from coalition.tenancy.scope import TenantQueries
from coalition.tenancy.tables import Tenant

log = logging.getLogger(__name__)

SENDING, SENT, FAILED, REFUSED = "sending", "sent", "failed", "refused"
DEFAULT_LEASE = timedelta(minutes=5)
#: After a failed send: wait 30 s, 1 min, 2 min, ... at most an hour.
FIRST_BACKOFF, MAX_BACKOFF = 30.0, 3600.0


@dataclass(frozen=True, slots=True)
class Outcome:
    """``done``: nothing is left to do for the row; else try again in ``retry_in`` s."""

    done: bool
    retry_in: float | None = None
    notified: int = 0  # inbox entries written by this run
    emailed: int = 0  # e-mails sent by this run


@dataclass(frozen=True, slots=True)
class TenantInfo:
    name: str
    locale: str
    zone: ZoneInfo


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    email: str
    locale: str
    wants_email: bool  # the master switch: no e-mail of any kind when off
    channels: dict[str, Any] = field(default_factory=dict)  # as stored: kind -> channels

    @property
    def email_reaches(self) -> bool:
        """An address on record and e-mail on."""
        return bool(self.email) and self.wants_email

    def wants(self, kind: str, channel: str) -> bool:
        """Whether a notification of ``kind`` reaches this person on ``channel`` (what
        they want by e-mail comes to the inbox when e-mail cannot reach them)."""
        return channel in reached(self.channels, kind, email_reaches=self.email_reaches)


async def tenant_info(tenant_id: int) -> TenantInfo:
    row = await (
        Tenant.select(Tenant.name, Tenant.locale, Tenant.time_zone)
        .where(Tenant.id == tenant_id)
        .first()
    )
    if row is None:
        return TenantInfo("", messages.DEFAULT_LOCALE, ZoneInfo("Asia/Shanghai"))
    return TenantInfo(row["name"], row["locale"], ZoneInfo(row["time_zone"]))


async def recipients(
    q: TenantQueries, person_ids: set[int], default_locale: str
) -> dict[int, Recipient]:
    """Names, addresses, languages and channel choices of these people."""
    if not person_ids:
        return {}
    wanted = sorted(person_ids)
    people = await q.select(Person, Person.id, Person.name, Person.email).where(
        Person.id.is_in(wanted)
    )
    prefs = {
        row["person"]: row
        for row in await q.select(
            Preference,
            Preference.person,
            Preference.locale,
            Preference.email,
            Preference.channels,
        ).where(Preference.person.is_in(wanted))
    }
    found = {}
    for row in people:
        pref = prefs.get(row["id"], {})
        found[row["id"]] = Recipient(
            name=row["name"],
            email=(row["email"] or "").strip(),
            locale=messages.locale_or_default(pref.get("locale") or default_locale),
            wants_email=pref.get("email", True),
            channels=outbox.load_data(pref.get("channels")),
        )
    return found


async def _to_inboxes(
    q: TenantQueries,
    outbox_id: int,
    notes: list[Message],
    people: dict[int, Recipient],
    at: datetime,
) -> int:
    """Inbox entries for those who have none from this row yet and want this kind in
    their inbox (one transaction)."""
    done = {
        row["person"]
        for row in await q.select(Delivery, Delivery.person)
        .where(Delivery.outbox == outbox_id)
        .where(Delivery.channel == PORTAL)
    }
    todo = [
        m
        for m in notes
        if m.person_id in people
        and m.person_id not in done
        and people[m.person_id].wants(m.kind, PORTAL)
    ]
    if not todo:
        return 0
    await q.add(
        *(
            q.new(
                Delivery,
                outbox=outbox_id,
                channel=PORTAL,
                person=m.person_id,
                status=SENT,
                attempts=1,
                created_at=at,
                sent_at=at,
            )
            for m in todo
        )
    )
    await q.add(
        *(
            q.new(
                Notification,
                person=m.person_id,
                outbox=outbox_id,
                kind=m.kind,
                params=outbox.dumps(m.params),
                created_at=at,
            )
            for m in todo
        )
    )
    return len(todo)


class _Held(Exception):
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


async def _claim(
    scope: TenantScope, outbox_id: int, person_id: int, address: str, at: datetime, lease: timedelta
) -> bool:
    """Take the e-mail delivery for sending; False when it is finished already. Raises
    _Held while another sender's lease runs."""
    try:
        async with scope.write() as q:
            existing = await (
                q.select(Delivery, Delivery.id)
                .where(Delivery.outbox == outbox_id)
                .where(Delivery.channel == EMAIL)
                .where(Delivery.person == person_id)
                .first()
            )
            if existing is None:
                await q.create(
                    Delivery,
                    outbox=outbox_id,
                    channel=EMAIL,
                    person=person_id,
                    status=SENDING,
                    address=address,
                    attempts=1,
                    lease_until=at + lease,
                    created_at=at,
                )
                return True
            row = await q.get(Delivery, existing["id"], lock=True)
            if row.status in (SENT, REFUSED):
                return False
            if row.status == SENDING and row.lease_until is not None and row.lease_until > at:
                raise _Held((row.lease_until - at).total_seconds())
            values: dict[Any, Any] = {
                Delivery.status: SENDING,
                Delivery.attempts: row.attempts + 1,
                Delivery.lease_until: at + lease,
                Delivery.address: address,
            }
            await q.update(Delivery, values).where(Delivery.id == row.id)
            return True
    except Conflict as error:  # another sender created the claim at the same moment
        raise _Held(1.0) from error


async def _finish(
    scope: TenantScope, outbox_id: int, person_id: int, values: dict[Any, Any]
) -> int:
    async with scope.write() as q:
        await (
            q.update(Delivery, {Delivery.lease_until: None, **values})
            .where(Delivery.outbox == outbox_id)
            .where(Delivery.channel == EMAIL)
            .where(Delivery.person == person_id)
        )
        attempts = await (
            q.select(Delivery, Delivery.attempts)
            .where(Delivery.outbox == outbox_id)
            .where(Delivery.channel == EMAIL)
            .where(Delivery.person == person_id)
            .first()
        )
    return attempts["attempts"] if attempts else 1


async def _email(
    scope: TenantScope,
    outbox_id: int,
    note: Message,
    who: Recipient,
    tenant: TenantInfo,
    mailer: mail.Mailer,
    at: datetime,
    lease: timedelta,
) -> tuple[bool, float | None]:
    """Claim, send, mark. Returns (sent now, seconds until a retry or None)."""
    try:
        if not await _claim(scope, outbox_id, note.person_id, who.email, at, lease):
            return False, None
    except _Held as held:
        return False, max(held.seconds, 1.0)
    subject, body = messages.render(note.kind, note.params, who.locale, email=True)
    msg_id = mail.message_id(scope.tenant_id, outbox_id, note.person_id, mailer.sender)
    message = mail.build(
        sender=mailer.sender,
        to=who.email,
        name=who.name,
        subject=subject,
        body=messages.email_text(body, name=who.name, tenant=tenant.name, locale=who.locale),
        msg_id=msg_id,
    )
    try:
        await mailer.send(message)
    except mail.PermanentFailure as error:
        log.warning("The mail server refused %s: %s", msg_id, error)
        await _finish(
            scope,
            outbox_id,
            note.person_id,
            {Delivery.status: REFUSED, Delivery.error: str(error)[:2000]},
        )
        return False, None
    except Exception as error:
        log.warning("Sending %s failed, to be retried: %s", msg_id, error)
        attempts = await _finish(
            scope,
            outbox_id,
            note.person_id,
            {Delivery.status: FAILED, Delivery.error: f"{type(error).__name__}: {error}"[:2000]},
        )
        return False, min(FIRST_BACKOFF * 2 ** (attempts - 1), MAX_BACKOFF)
    await _finish(
        scope,
        outbox_id,
        note.person_id,
        {
            Delivery.status: SENT,
            Delivery.sent_at: at,
            Delivery.message_id: msg_id,
            Delivery.error: "",
        },
    )
    return True, None


async def deliver(
    tenant_id: int,
    outbox_id: int,
    *,
    mailer: mail.Mailer | None = None,
    now: datetime | None = None,
    lease: timedelta = DEFAULT_LEASE,
) -> Outcome:
    """Deliver the notifications of one outbox row (see the module's docstring)."""
    at = utc_now(now)
    scope = TenantScope.system(tenant_id)
    tenant = await tenant_info(tenant_id)
    async with scope.write() as q:
        row = await outbox.start_attempt(q, outbox_id, now=at)
        if row is None:
            return Outcome(done=True)
        notes = await messages_for(q, row.topic, outbox.load_data(row.data), At(tenant.zone, at))
        people = await recipients(q, {m.person_id for m in notes}, tenant.locale)
        notified = await _to_inboxes(q, outbox_id, notes, people, at)
    emailed, waits = 0, []
    for note in notes:
        who = people.get(note.person_id)
        if mailer is None or who is None or not who.wants(note.kind, EMAIL):
            continue
        sent, wait = await _email(scope, outbox_id, note, who, tenant, mailer, at, lease)
        emailed += sent
        if wait is not None:
            waits.append(wait)
    async with scope.write() as q:
        if waits:
            wait = min(waits)
            until = at + timedelta(seconds=wait)
            await outbox.defer(q, outbox_id, until=until, error="e-mail delivery to be retried")
            return Outcome(done=False, retry_in=wait, notified=notified, emailed=emailed)
        await outbox.mark_done(q, outbox_id, now=at)
    return Outcome(done=True, notified=notified, emailed=emailed)
