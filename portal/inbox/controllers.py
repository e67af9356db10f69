"""The inbox (消息): a person's notifications, the unread badge, and their settings.

- ``GET /t/{slug}/inbox``: the person's notifications, newest first, in the language of
  the page; ``?before=<id>`` pages back to older ones (htmx swaps the list in place); a
  ``before`` that is no id that can exist (not a number, 0, beyond the ids' range) is
  ignored: the newest come.
  Each unread one can be marked read (htmx swaps that entry and updates the badge out of
  band; without JavaScript a POST and a 303 back), or opened: marked read, then on to the
  page it is about (my shifts, the hours record, the need).
- ``POST /t/{slug}/inbox/read-all``: every notification read.
- ``GET /t/{slug}/inbox/badge``: the unread count of the menu's badge, polled by htmx. It
  answers 204 (nothing to swap) when nobody is signed in, so a poll never navigates.
- ``GET|POST /t/{slug}/inbox/preferences``: the language of e-mails, e-mail on or off,
  the channels of each kind of notification, the daily digest for coordinators. When
  e-mail cannot reach the person (no address, or e-mail off), the page says that what
  they want by e-mail comes to their inbox instead (as delivery does): each kind's inbox
  box shows whether it arrives at all, its e-mail box is shown disabled with its stored
  value, which saving keeps; unticking the inbox turns the kind off on both channels.

Only the person's own notifications exist here: another person's id, like another
tenant's or one no notification can have (0, beyond the ids' range), is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect

from coalition.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from coalition.notifications import messages
from coalition.notifications.schemas import (
    ALWAYS_IN_INBOX,
    CHANNELS,
    EMAIL,
    PORTAL,
    InboxPage,
    NotificationOut,
    PreferencesInput,
    PreferencesOut,
)
from coalition.notifications.services import (
    get_notification,
    get_preferences,
    list_notifications,
    mark_all_read,
    mark_read,
    set_preferences,
    unread_count,
)
from coalition.tenancy.scope import is_id
from portal.auth.members import LoginRequired, Member, current_member, requires
from portal.auth.sessions import leave_alone
from portal.forms import read_form
from portal.i18n import LANGUAGES, N_, Translator, translator
from portal.inbox.labels import DIGEST_ROLES, KIND_LABELS, groups_for, link_for, shown_kinds
from portal.rendering import render, wants_fragment
from portal.shifts.display import display

PAGE_SIZE = 20
#: The badge counts this many at most and shows "99+" beyond 99.
BADGE_CAP = 100
SAVED = N_("Your notification settings are saved.")


@dataclass(frozen=True, slots=True)
class Entry:
    """A notification as the inbox shows it."""

    note: NotificationOut
    url: str | None
    link_label: str | None


def _before(raw: str | None) -> int | None:
    """The ``before`` of a link or form: an id that can exist, else none (the newest)."""
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if is_id(value) else None


def _locale(request: Request) -> str:
    """The inbox speaks the language of the page (the switch at the top)."""
    return messages.locale_or_default(translator(request).locale)


def _entry(member: Member, note: NotificationOut) -> Entry:
    link = link_for(member, note)
    return Entry(note=note, url=link.url if link else None, link_label=link.label if link else None)


class InboxController(Controller):
    path = "/t/{slug:str}/inbox"
    guards = [requires()]  # noqa: RUF012 - Litestar reads this class attribute

    @get("/", name="inbox.list")
    async def inbox(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """The notifications, newest first; htmx pages through them in place."""
        before = _before(request.query_params.get("before"))
        return await self._list(request, member, before)

    async def _list(
        self, request: Request, member: Member, before: int | None, *, notice: str | None = None
    ) -> Response[Any]:
        found = await list_notifications(
            member.scope, before_id=before, limit=PAGE_SIZE, locale=_locale(request)
        )
        return render(
            request,
            "inbox/inbox.html",
            self._list_context(request, member, found, before, notice=notice),
            fragment="inbox/partials/list_response.html",
        )

    def _list_context(
        self,
        request: Request,
        member: Member,
        found: InboxPage,
        before: int | None,
        *,
        notice: str | None = None,
    ) -> dict[str, Any]:
        return {
            "entries": [_entry(member, note) for note in found.items],
            "unread": found.unread,
            "inbox_unread": found.unread,
            "before": before,
            "next_before_id": found.next_before_id,
            "notice": notice,
            "show": display(request, member.tenant),
        }

    @post("/{notification_id:int}/read", name="inbox.read")
    async def read(
        self, request: Request, member: NamedDependency[Member], notification_id: FromPath[int]
    ) -> Response[Any]:
        """Mark one read: htmx gets the entry back (and the counts out of band)."""
        before = _before((await read_form(request, ["before"]))["before"])
        await mark_read(member.scope, notification_id)  # NotFound: not the person's
        if not wants_fragment(request):
            query = f"?before={before}" if before else ""
            return Redirect(
                f"/t/{member.tenant.slug}/inbox{query}#note-{notification_id}", status_code=303
            )
        note = await get_notification(member.scope, notification_id, locale=_locale(request))
        unread = await unread_count(member.scope)
        context = {
            "entry": _entry(member, note),
            "unread": unread,
            "before": before,
            "show": display(request, member.tenant),
        }
        return render(request, "inbox/partials/read_response.html", context)

    @post("/{notification_id:int}/open", name="inbox.open")
    async def open(
        self, request: Request, member: NamedDependency[Member], notification_id: FromPath[int]
    ) -> Response[Any]:
        """Mark one read and go on to the page it is about (the inbox when there is none)."""
        note = await get_notification(member.scope, notification_id)  # NotFound: not theirs
        await mark_read(member.scope, notification_id)
        link = link_for(member, note)
        url = link.url if link else f"/t/{member.tenant.slug}/inbox#note-{notification_id}"
        return Redirect(url, status_code=303, headers={"Vary": "HX-Request"})

    @post("/read-all", name="inbox.read_all")
    async def read_all(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """Every notification read: htmx gets the first page back, with a notice."""
        count = await mark_all_read(member.scope)
        if not wants_fragment(request):
            return Redirect(f"/t/{member.tenant.slug}/inbox", status_code=303)
        t = translator(request)
        notice = t("Marked {count} notifications as read.", count=count)
        return await self._list(request, member, None, notice=notice)

    # --- preferences -------------------------------------------------------------------

    @get("/preferences", name="inbox.preferences")
    async def preferences(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        current = await get_preferences(member.scope)
        form = Settings.of(current)
        if request.query_params.get("saved"):
            form.notice = translator(request)(SAVED)
        return self._settings_page(request, member, form, current)

    @post("/preferences", name="inbox.save_preferences")
    async def save_preferences(
        self, request: Request, member: NamedDependency[Member]
    ) -> Response[Any]:
        current = await get_preferences(member.scope)
        form = await Settings.posted(request, member, current)
        t = translator(request)
        try:
            saved = await set_preferences(member.scope, form.data())
        except InvalidInput as error:
            form.fail(error, t)
            return self._settings_page(request, member, form, current, status_code=422)
        if not wants_fragment(request):
            url = f"/t/{member.tenant.slug}/inbox/preferences?saved=1"
            return Redirect(url, status_code=303)
        done = Settings.of(saved)
        done.notice = t(SAVED)
        return self._settings_page(request, member, done, saved)

    def _settings_page(
        self,
        request: Request,
        member: Member,
        form: Settings,
        current: PreferencesOut,
        *,
        status_code: int = 200,
    ) -> Response[Any]:
        context = {
            "form": form,
            "groups": groups_for(member),
            "kind_labels": KIND_LABELS,
            "required": ALWAYS_IN_INBOX,
            "wants_digest": member.has(*DIGEST_ROLES),
            "address": current.address,
            "email_reaches": current.email_reaches,
            "tenant_language": LANGUAGES.get(member.tenant.locale, member.tenant.locale),
            "languages": LANGUAGES,
        }
        return render(
            request,
            "inbox/preferences.html",
            context,
            fragment="inbox/partials/preferences_form.html",
            status_code=status_code,
        )


@dataclass(slots=True)
class Settings:
    """The settings form: what it shows, or what was sent (kept when it is refused)."""

    locale: str = ""
    email: bool = True
    digest: bool = True
    channels: dict[str, list[str]] = field(default_factory=dict)
    #: Whether e-mail could reach the person when the page was shown (an address, e-mail
    #: on): when not, its e-mail boxes were disabled, and a browser sends none of them.
    email_reaches: bool = True
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    notice: str | None = None

    @classmethod
    def of(cls, prefs: PreferencesOut) -> Settings:
        return cls(
            locale=prefs.locale or "",
            email=prefs.email,
            digest=prefs.digest,
            channels={kind: list(chosen) for kind, chosen in prefs.channels.items()},
            email_reaches=prefs.email_reaches,
        )

    @classmethod
    async def posted(cls, request: Request, member: Member, current: PreferencesOut) -> Settings:
        """The form as sent. Kinds the page does not show this person keep their current
        channels, as does the digest for those who get none; a box left unticked is a
        channel turned off, and a kind the page does not know goes to the library as it
        came (which refuses it).

        When e-mail cannot reach the person, the page showed each kind's inbox box as
        "arrives at all" and its e-mail box disabled: a kind left ticked keeps its stored
        channels (the inbox alone when it had none), a kind unticked is off on both."""
        form = await request.form()
        locale = form.get("locale")
        channels = {kind: list(chosen) for kind, chosen in current.channels.items()}
        shown = shown_kinds(member)
        for kind in shown:
            channels[kind] = []
        for channel, name in ((PORTAL, "inbox"), (EMAIL, "by_email")):
            for kind in form.getall(name, []):
                if isinstance(kind, str):
                    channels.setdefault(kind, []).append(channel)
        if not current.email_reaches:
            for kind in shown:
                kept = current.channels.get(kind, list(CHANNELS))
                channels[kind] = (kept or [PORTAL]) if PORTAL in channels[kind] else []
        return cls(
            locale=locale if isinstance(locale, str) else "",
            email=form.get("email") == "on",
            digest=form.get("digest") == "on" if member.has(*DIGEST_ROLES) else current.digest,
            channels={k: [c for c in CHANNELS if c in v] for k, v in channels.items()},
            email_reaches=current.email_reaches,
        )

    def data(self) -> PreferencesInput:
        return PreferencesInput(
            locale=self.locale or None,
            email=self.email,
            digest=self.digest,
            channels=self.channels,
        )

    def has(self, kind: str, channel: str) -> bool:
        return channel in self.channels.get(kind, CHANNELS)

    def arrives(self, kind: str) -> bool:
        """Whether the inbox box of ``kind`` is ticked: it reaches the inbox, or, when
        e-mail cannot reach the person, any channel (what comes instead of an e-mail)."""
        if self.email_reaches:
            return self.has(kind, PORTAL)
        return any(self.has(kind, channel) for channel in CHANNELS)

    def fail(self, error: DomainError, t: Translator) -> None:
        if isinstance(error, InvalidInput):
            for name, problem in error.fields.items():
                if name == "locale":
                    self.errors[name] = t.field_error(problem)
                else:
                    self.message = t.field_error(problem)
        else:
            self.message = t.error(error)


class BadgeController(Controller):
    """The badge's count: no guard, since a poll must not send anyone to the login page."""

    path = "/t/{slug:str}/inbox/badge"

    @get("/", name="inbox.badge")
    async def badge(self, request: Request) -> Response[Any]:
        """The badge's contents (always a fragment; like every page, never stored by a
        cache); empty (204, which htmx does not swap) for a visitor not signed in here.
        A poll does not prolong the session: only what the person does counts."""
        leave_alone(request)
        try:
            member = await current_member(request)
            unread = await unread_count(member.scope, cap=BADGE_CAP)
        except (LoginRequired, NotFound, PermissionDenied):
            return Response(b"", status_code=204)
        return render(request, "inbox/partials/badge.html", {"unread": unread})


#: The controllers this context adds to the app (portal/app.py registers them).
CONTROLLERS: list[type[Controller]] = [InboxController, BadgeController]
