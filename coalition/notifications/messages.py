"""The texts of notifications, in zh-Hans and English: plain dicts of templates.

A template is a subject and body lines with ``{placeholders}`` filled from the
notification's params. A body line whose placeholders are all empty is left out (an
invitation without a message has no message line); lists are joined in the language's
way. The portal inbox shows the subject and the body; an e-mail adds a greeting, the
lines only an e-mail needs (:data:`EMAIL_ONLY`: "sign in to answer", where the inbox has
a button to the page instead) and a closing line.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

LOCALES = ("zh-Hans", "en")
DEFAULT_LOCALE = "zh-Hans"

Template = tuple[str, tuple[str, ...]]

TEMPLATES: dict[str, dict[str, Template]] = {
    "zh-Hans": {
        "invitation.sent": (
            "志愿服务邀请：{need}",
            (
                "{inviter}邀请您参加“{need}”的志愿服务。",
                "时间：{starts}–{ends}",
                "地点：{place}",
                "留言：{message}",
            ),
        ),
        "signup.confirmed": (
            "报名成功：{need}",
            ("您已报名“{need}”的志愿服务。", "时间：{starts}–{ends}", "地点：{place}"),
        ),
        "signup.waitlisted": (
            "已进入候补名单：{need}",
            (
                "“{need}”（{starts}）的名额已满，您在候补名单第 {position} 位。",
                "有人取消时，我们会按顺序为您递补并通知您。",
            ),
        ),
        "signup.promoted": (
            "候补成功：{need}",
            (
                "您已从候补名单递补为“{need}”的正式志愿者。",
                "时间：{starts}–{ends}",
                "地点：{place}",
            ),
        ),
        "shift.changed": (
            "服务时段有变：{need}",
            ("您报名的“{need}”服务时段已调整。", "新的时间：{starts}–{ends}", "地点：{place}"),
        ),
        "shift.cancelled": (
            "服务时段已取消：{need}",
            ("您报名的“{need}”（{starts}）服务时段已取消。", "原因：{reason}"),
        ),
        "hours.verified": (
            "服务时长已确认：{hours} 小时",
            ("您在 {served_on} 的 {hours} 小时志愿服务时长已确认。", "服务：{need}"),
        ),
        "hours.rejected": (
            "服务时长未通过：{hours} 小时",
            (
                "您在 {served_on} 填报的 {hours} 小时志愿服务时长未通过审核。",
                "服务：{need}",
                "原因：{reason}",
            ),
        ),
        "need.dispatched": (
            "新派单：{need}",
            (
                "{community}将需求“{need}”派给了{member}。",
                "请接单，或说明理由后退回。",
            ),
        ),
        "reminder.24h": (
            "明天的志愿服务提醒：{need}",
            ("提醒您：“{need}”的志愿服务将于 {starts} 开始。", "地点：{place}"),
        ),
        "reminder.2h": (
            "志愿服务两小时后开始：{need}",
            ("提醒您：“{need}”的志愿服务将于 {starts} 开始。", "地点：{place}"),
        ),
        "digest.daily": (
            "每日待办（{day}）",
            (
                "志愿者不足的需求：{short_needs} 个 {short_need_titles}",
                "待审核的服务时长：{pending_hours} 条",
                "逾期的承诺事项：{overdue_items} 项 {overdue_item_titles}",
            ),
        ),
    },
    "en": {
        "invitation.sent": (
            "Invitation to volunteer: {need}",
            (
                "{inviter} invites you to volunteer for “{need}”.",
                "When: {starts}–{ends}",
                "Where: {place}",
                "Message: {message}",
            ),
        ),
        "signup.confirmed": (
            "You are signed up: {need}",
            (
                "You are signed up to volunteer for “{need}”.",
                "When: {starts}–{ends}",
                "Where: {place}",
            ),
        ),
        "signup.waitlisted": (
            "You are on the waitlist: {need}",
            (
                "“{need}” ({starts}) is full; you are number {position} on the waitlist.",
                "When a place frees up we move you up in order and tell you.",
            ),
        ),
        "signup.promoted": (
            "You have a place: {need}",
            (
                "You moved up from the waitlist and now have a place for “{need}”.",
                "When: {starts}–{ends}",
                "Where: {place}",
            ),
        ),
        "shift.changed": (
            "Your shift has changed: {need}",
            ("Your shift for “{need}” was changed.", "New time: {starts}–{ends}", "Where: {place}"),
        ),
        "shift.cancelled": (
            "Your shift is cancelled: {need}",
            ("Your shift for “{need}” ({starts}) was cancelled.", "Reason: {reason}"),
        ),
        "hours.verified": (
            "Hours verified: {hours} h",
            ("Your {hours} hours of service on {served_on} were verified.", "Service: {need}"),
        ),
        "hours.rejected": (
            "Hours not accepted: {hours} h",
            (
                "The {hours} hours of service you reported for {served_on} were not accepted.",
                "Service: {need}",
                "Reason: {reason}",
            ),
        ),
        "need.dispatched": (
            "New need dispatched to you: {need}",
            (
                "{community} dispatched the need “{need}” to {member}.",
                "Accept it, or decline it with a reason.",
            ),
        ),
        "reminder.24h": (
            "Reminder: volunteering tomorrow: {need}",
            ("A reminder: your shift for “{need}” starts at {starts}.", "Where: {place}"),
        ),
        "reminder.2h": (
            "Reminder: your shift starts in two hours: {need}",
            ("A reminder: your shift for “{need}” starts at {starts}.", "Where: {place}"),
        ),
        "digest.daily": (
            "Your daily summary ({day})",
            (
                "Needs short of volunteers: {short_needs} {short_need_titles}",
                "Hours waiting for verification: {pending_hours}",
                "Overdue commitment items: {overdue_items} {overdue_item_titles}",
            ),
        ),
    },
}

#: The last line of a kind's body in an e-mail only: the reader of the inbox is signed in
#: already, and their inbox entry has a button to the page where they answer.
EMAIL_ONLY: dict[str, dict[str, str]] = {
    "zh-Hans": {
        "invitation.sent": "请登录平台接受或谢绝邀请。",
        "need.dispatched": "请登录平台处理。",
    },
    "en": {
        "invitation.sent": "Sign in to accept or decline the invitation.",
        "need.dispatched": "Sign in to answer it.",
    },
}

#: Greeting and closing of e-mails.
EMAIL_FRAME: dict[str, tuple[str, str]] = {
    "zh-Hans": ("{name}，您好！", "—— {tenant}（此邮件由系统自动发送，请勿直接回复）"),
    "en": ("Dear {name},", "— {tenant} (sent automatically; please do not reply)"),
}

_LIST_SEPARATOR = {"zh-Hans": "、", "en": ", "}
_LIST_BRACKETS = {"zh-Hans": ("（", "）"), "en": ("(", ")")}


def locale_or_default(locale: str | None) -> str:
    return locale if locale in LOCALES else DEFAULT_LOCALE


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _value(value: Any, locale: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        if not value:
            return ""
        opening, closing = _LIST_BRACKETS[locale]
        return opening + _LIST_SEPARATOR[locale].join(str(v) for v in value) + closing
    return str(value)


def _fill(text: str, values: Mapping[str, str]) -> str:
    return text.format_map({name: values.get(name, "") for name in placeholders(text)})


def render(
    kind: str, params: Mapping[str, Any], locale: str | None, *, email: bool = False
) -> tuple[str, str]:
    """The subject and body of a notification in ``locale`` (zh-Hans if unknown), as the
    inbox shows it or, with ``email``, as an e-mail says it (with its :data:`EMAIL_ONLY`
    line)."""
    lang = locale_or_default(locale)
    subject, lines = TEMPLATES[lang].get(kind, ("{kind}", ()))
    if email and kind in EMAIL_ONLY[lang]:
        lines = (*lines, EMAIL_ONLY[lang][kind])
    values = {key: _value(value, lang) for key, value in params.items()}
    values.setdefault("kind", kind)
    kept = [
        _fill(line, values)
        for line in lines
        if not (names := placeholders(line)) or any(values.get(n) for n in names)
    ]
    return _fill(subject, values), "\n".join(kept)


def email_text(body: str, *, name: str, tenant: str, locale: str | None) -> str:
    greeting, closing = EMAIL_FRAME[locale_or_default(locale)]
    return "\n\n".join([_fill(greeting, {"name": name}), body, _fill(closing, {"tenant": tenant})])
