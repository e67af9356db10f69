"""Texts of the inbox pages: library error codes to English ids, and their Chinese.

Words: 消息 (the inbox), 未读, 已读, 通知设置, 站内消息, 电子邮件, 每日汇总.
"""

from __future__ import annotations

from portal.text import N_

#: Library error code -> English message id.
ERROR_MESSAGES: dict[str, str] = {
    "notifications_notification.not_found": N_("This notification does not exist."),
    "notifications.no_person": N_("Only a person has an inbox."),
    "notifications.unknown_kind": N_("There is no kind of notification “{kind}”."),
    "notifications.unknown_channel": N_("There is no channel “{channel}”."),
    "notifications.inbox_required": N_(
        "This kind of notification always reaches the inbox; only its e-mail can be turned off."
    ),
}

ZH_HANS: dict[str, str] = {
    # library errors
    "This notification does not exist.": "该消息不存在。",
    "Only a person has an inbox.": "只有个人才有消息箱。",
    "There is no kind of notification “{kind}”.": "没有“{kind}”这类消息。",
    "There is no channel “{channel}”.": "没有“{channel}”这种接收方式。",
    "This kind of notification always reaches the inbox; only its e-mail can be turned off.": (
        "这类消息始终发到站内消息（不可关闭），只能关闭其电子邮件。"
    ),
    # the menu's badge
    ", {count} unread": "，{count} 条未读",
    ", more than 99 unread": "，超过 99 条未读",
    # the inbox
    "Notification settings": "通知设置",
    "Notifications": "消息列表",
    "{count} unread": "{count} 条未读",
    "All read": "全部已读",
    "Mark all as read": "全部标为已读",
    "Marked {count} notifications as read.": "已将 {count} 条消息标为已读。",
    "Mark as read": "标为已读",
    "Marked as read.": "已标为已读。",
    "Unread": "未读",
    "No older notifications.": "没有更早的消息。",
    "Your inbox is empty. Notices about your shifts, hours and needs will appear here.": (
        "暂无消息。与您的班次、服务时长和需求有关的通知会显示在这里。"
    ),
    "Newest": "最新",
    "Older": "较早",
    "Pages": "分页",
    "See my invitations": "查看我的邀请",
    "See my shifts": "查看我的班次",
    "See these hours": "查看该服务时长",
    "See the need": "查看需求",
    # settings
    "Back to the inbox": "返回消息",
    "Choose how you hear of what concerns you: in your inbox here, by e-mail, or both.": (
        "选择接收通知的方式：站内消息、电子邮件，或两者都要。"
    ),
    "Language of e-mails": "邮件语言",
    "The workspace's language ({language})": "工作空间的语言（{language}）",
    "E-mails are written in this language. The inbox follows the language chosen at the "
    "top of the page.": "电子邮件使用此语言。站内消息跟随页面顶部选择的语言。",
    "E-mail": "电子邮件",
    "Send me e-mails": "给我发送电子邮件",
    "E-mails go to {address}. Turned off, no e-mail of any kind is sent, whatever is ticked "
    "below.": "邮件将发送到 {address}。关闭后不会发送任何邮件，无论下方如何勾选。",
    "There is no e-mail address on record for you, so no e-mail can reach you; your "
    "workspace administrator can add one.": (
        "您还没有登记电子邮件地址，因此收不到邮件；可请工作空间管理员添加。"
    ),
    "Daily summary": "每日汇总",
    "Send me a daily summary of what waits for me": "每天给我发送待办汇总",
    "Each morning, in your inbox and by e-mail: needs short of volunteers, hours waiting for "
    "verification and overdue commitment items in what you coordinate. Nothing is sent on a "
    "day when nothing waits.": (
        "每天早上通过站内消息和电子邮件发送：您负责范围内志愿者不足的需求、待审核的服务时长"
        "和逾期的承诺事项。没有待办事项的日子不发送。"
    ),
    "Notices marked “always in your inbox” change what you are expected to do or where to "
    "be: a place won from the waitlist, a shift of yours moved or cancelled, a need "
    "dispatched to your organisation or unit. They always reach your inbox; their e-mail "
    "can be turned off.": (
        "标有“始终发到站内消息”的通知会改变您要做的事或要去的地方：候补递补成功、"
        "您的班次调整或取消、派给您所在社会组织或辖区单位的需求。它们的站内消息不可关闭，"
        "但可以关闭其电子邮件。"
    ),
    "always in your inbox": "始终发到站内消息（不可关闭）",
    "E-mail cannot reach you: there is no address on record for you. What you chose to get "
    "by e-mail comes to your inbox instead; untick the inbox to turn a kind of notice off.": (
        "电子邮件无法送达您：您还没有登记电子邮件地址。您选择通过电子邮件接收的通知会改发到"
        "站内消息；如要关闭某类通知，请取消勾选其站内消息。"
    ),
    "E-mail cannot reach you: you turned e-mail off. What you chose to get by e-mail comes "
    "to your inbox instead; untick the inbox to turn a kind of notice off. Turn e-mail on "
    "above to choose again what comes by e-mail.": (
        "电子邮件无法送达您：您已关闭电子邮件。您选择通过电子邮件接收的通知会改发到站内消息；"
        "如要关闭某类通知，请取消勾选其站内消息。在上方开启电子邮件后，可重新选择哪些通知"
        "通过电子邮件发送。"
    ),
    "Portal inbox": "站内消息",
    "Your roles receive no notices whose channels can be chosen.": (
        "您的角色暂时没有可选择接收方式的通知。"
    ),
    "Save settings": "保存设置",
    "Your notification settings are saved.": "通知设置已保存。",
    # kinds of notification, in groups
    "Volunteering": "志愿服务",
    "Service hours": "服务时长",
    "Coordination": "派单协调",
    "Invitations to volunteer": "志愿服务邀请",
    "Your sign-up is confirmed": "报名成功",
    "You are on a waitlist": "进入候补名单",
    "You moved up from the waitlist": "候补递补成功",
    "A shift of yours was changed": "您的班次有调整",
    "A shift of yours was cancelled": "您的班次已取消",
    "Reminder the day before a shift": "班次前一天提醒",
    "Reminder two hours before a shift": "班次前两小时提醒",
    "Your hours were verified": "服务时长已确认",
    "Your hours were not accepted": "服务时长未通过",
    "A need dispatched to your organisation or unit": "派给您所在社会组织或辖区单位的需求",
}

__all__ = ["ERROR_MESSAGES", "N_", "ZH_HANS"]
