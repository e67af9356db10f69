"""Texts of the shifts pages: library error codes to English ids, and their Chinese.

Words: 志愿服务, 班次, 报名, 候补, 取消报名, 邀请, 签到, 签退, 申报时长, 服务记录.
"""

from __future__ import annotations

from portal.text import N_

#: Library error code -> English message id.
ERROR_MESSAGES: dict[str, str] = {
    "shifts.already_signed_up": N_("You are signed up for this shift already."),
    "shifts.shift_cancelled": N_("This shift was cancelled."),
    "shifts.shift_started": N_("This shift has already started."),
    "shifts.need_not_taking_signups": N_("This need does not take sign-ups in its present state."),
    "shifts.volunteer_inactive": N_("This volunteer is not active."),
    "shifts.overlapping_shift": N_("You hold a confirmed shift at the same time."),
    "shifts.weekly_hours_exceeded": N_(
        "This shift would take you over your {max_hours_week} hours that week."
    ),
    "shifts.signup_not_live": N_("This sign-up is cancelled already."),
    "shifts.invitation_not_pending": N_("This invitation has been answered or withdrawn."),
    "shifts.not_your_invitation": N_("Only the invited volunteer may answer this invitation."),
    "shifts.not_a_volunteer": N_("You are not registered as a volunteer."),
    "shifts.already_invited": N_("This volunteer has a pending invitation to this shift already."),
}

#: English message id -> simplified Chinese.
ZH_HANS: dict[str, str] = {
    # library errors
    "You are signed up for this shift already.": "您已报名此班次。",
    "This shift was cancelled.": "该班次已取消。",
    "This shift has already started.": "该班次已经开始。",
    "This need does not take sign-ups in its present state.": "该需求当前不接受报名。",
    "This volunteer is not active.": "该志愿者已停用。",
    "You hold a confirmed shift at the same time.": "您在同一时间已有确认的班次。",
    "This shift would take you over your {max_hours_week} hours that week.": (
        "报名此班次将超过您每周 {max_hours_week} 小时的服务上限。"
    ),
    "This sign-up is cancelled already.": "此报名已取消。",
    "This invitation has been answered or withdrawn.": "此邀请已回复或已撤回。",
    "Only the invited volunteer may answer this invitation.": "只有受邀志愿者本人可以回复此邀请。",
    "You are not registered as a volunteer.": "您还未登记为志愿者。",
    "This volunteer has a pending invitation to this shift already.": (
        "已邀请过该志愿者参加这个班次，尚待回复。"
    ),
    # dates and durations
    "{hours} hr {minutes} min": "{hours}小时{minutes}分钟",
    "{hours} hr": "{hours}小时",
    "{minutes} min": "{minutes}分钟",
    # open shifts
    "Shifts near your home grid come first. Sign up for one, or join its waitlist when it "
    "is full.": "离您所在网格近的班次排在前面。可直接报名；名额已满时可报名候补。",
    "You have no home grid yet: ask your community's staff to set it, and shifts near you "
    "will come first.": "您还没有所属网格：请社区工作人员为您设置，附近的班次就会排在前面。",
    "You are not registered as a volunteer yet": "您还未登记为志愿者",
    "Your community's staff register volunteers and set their home grid. Once registered, "
    "you can sign up for shifts here.": (
        "志愿者由社区工作人员登记并设置所属网格。登记后即可在此报名班次。"
    ),
    "In your grid": "本网格",
    "In your community": "本社区",
    "Elsewhere": "其他社区",
    "Time": "时间",
    "Place": "地点",
    "Community and grid": "所在社区网格",
    "Places": "名额",
    "Full — join the waitlist": "已满——可报名候补",
    "{left} of {headcount} places left": "剩余 {left} 个名额（共 {headcount} 个）",
    "{count} on the waitlist": "候补 {count} 人",
    "You are signed up.": "您已报名。",
    "Waitlisted: number {position}": "候补第{position}位",
    "Join the waitlist": "报名候补",
    "Sign up": "报名",
    "You are signed up. See you there!": "报名成功，届时见！",
    "The shift is full: you are number {position} on the waitlist.": (
        "班次已满：您是候补第{position}位。"
    ),
    "No open shifts at the moment. Come back later.": "暂时没有可报名的班次，请稍后再来看看。",
    "Pages": "分页",
    "Previous": "上一页",
    "Next": "下一页",
    "Page {page} of {pages}": "第 {page} / {pages} 页",
    # my service: shifts and invitations
    "My shifts": "我的班次",
    "Shift": "班次",
    "Place confirmed": "已报名",
    "Through an invitation": "受邀报名",
    "Check in": "签到",
    "Check out": "签退",
    "Cancel sign-up": "取消报名",
    "Checked in at {time}.": "已于 {time} 签到。",
    "Checked in at {time}; you have not checked out yet.": "已于 {time} 签到，尚未签退。",
    "Checked out: {served}.": "已签退：{served}。",
    "Checked out: {served}, waiting for verification.": "已签退：{served}，待审核。",
    "Check-in opens at {time}.": "{time} 起可签到。",
    "You have no shifts ahead.": "您近期没有班次。",
    "Find a shift": "去报名",
    "Invitations": "邀请",
    "Accept invitation": "接受邀请",
    "Decline invitation": "谢绝邀请",
    "No invitations waiting for your answer.": "没有待回复的邀请。",
    "Invitation accepted; the shift is full, so you are number {position} on the waitlist.": (
        "已接受邀请；班次已满，您是候补第{position}位。"
    ),
    "Your sign-up is cancelled.": "已取消报名。",
    "You are checked in.": "签到成功。",
    "You are checked out; your hours wait for verification.": "签退成功，服务时长待审核。",
    "Invitation accepted.": "已接受邀请，报名成功。",
    "Invitation declined.": "已谢绝邀请。",
    # my service: reporting hours
    "Report hours": "申报时长",
    "Hours you served without checking in and out. A coordinator verifies them before they "
    "count.": "申报未经签到签退记录的服务时长，审核通过后计入服务记录。",
    "Day served": "服务日期",
    "Time served": "服务时长",
    "For example 2 or 1.5.": "例如 2 或 1.5。",
    "Hours or minutes": "小时/分钟",
    "hours": "小时",
    "minutes": "分钟",
    "Need served (optional)": "服务的需求（选填）",
    "No particular need": "不针对具体需求",
    "Note": "备注",
    "What you did, with whom.": "做了什么，和谁一起。",
    "Your hours are reported and wait for verification.": "服务时长已申报，待审核。",
    # my service: service record
    "Service record": "服务记录",
    "Start date": "起始日期",
    "End date": "截止日期",
    "Show": "查看",
    "Verified": "已通过",
    "Waiting for verification": "待审核",
    "By need": "按需求",
    "By organisation or unit": "按社会组织或单位",
    "Not with an organisation or unit": "未经社会组织或单位",
    "By month": "按月份",
    "{verified} verified": "已通过 {verified}",
    "{pending} waiting": "待审核 {pending}",
    "No hours in this range.": "此期间没有服务时长。",
    "Latest records": "最近记录",
    "No hours recorded yet.": "还没有服务时长记录。",
    "Reason: {reason}": "原因：{reason}",
    # my service: calendar
    "Calendar feed": "日历订阅",
    "Subscribe to this address in your phone's calendar app (“add calendar by URL” or "
    "“subscribe”): your confirmed shifts then appear there and stay up to date.": (
        "在手机日历应用中订阅此地址（“通过网址添加日历”或“订阅日历”），"
        "已确认的班次会自动出现在日历中并保持更新。"
    ),
    "Anyone who has this address can see your shifts: keep it to yourself.": (
        "任何人拿到此地址都能看到您的班次，请勿外传。"
    ),
    "Download the calendar file once": "下载一次日历文件",
    "My volunteer shifts": "我的志愿服务班次",
}

__all__ = ["ERROR_MESSAGES", "N_", "ZH_HANS"]
