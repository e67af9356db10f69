"""Texts of the hours pages: library error codes to English ids, and their Chinese.

Words: 服务时长, 待审核, 通过, 驳回, 更正, 签到, 签退.
Generic field codes of the hours services are read as ``hours.<code>`` here (see
:func:`portal.hours.labels.namespaced`).
"""

from __future__ import annotations

from portal.text import N_

#: Library error code -> English message id.
ERROR_MESSAGES: dict[str, str] = {
    "hours.shift_cancelled": N_("The shift was cancelled."),
    "hours.no_confirmed_signup": N_(
        "Only a volunteer with a confirmed place on the shift can check in."
    ),
    "hours.already_recorded": N_("Hours for this shift have been recorded already."),
    "hours.already_checked_in": N_("Checked in on this shift already."),
    "hours.already_checked_out": N_("Checked out of this shift already."),
    "hours.check_in_not_open": N_(
        "Check-in is not open yet: it opens 30 minutes before the shift starts."
    ),
    "hours.check_in_closed": N_("Check-in has closed: the shift has ended."),
    "hours.not_checked_in": N_("There is no check-in on this shift to check out of."),
    "hours.still_checked_in": N_(
        "The volunteer is still checked in; the hours are known after check-out."
    ),
    "hours.already_decided": N_("These hours have been decided already."),
    "hours.rejected_record": N_("Rejected hours are not corrected; report them again instead."),
    "hours.own_record": N_("Nobody decides on their own hours; another coordinator does that."),
    "hours.not_a_volunteer": N_("You are not registered as a volunteer in this workspace."),
    "hours_record.not_found": N_("These hours do not exist in your workspace."),
    # field errors: the portal's own, and the library's under hours.<code>
    "hours.invalid_date": N_("Enter a date, for example 2026-05-04."),
    "hours.invalid_amount": N_("Enter a number, for example 2 or 1.5."),
    "hours.report_range": N_("Report between 1 minute and 16 hours."),
    "hours.invalid_minutes": N_("Enter a whole number of minutes."),
    "hours.in_future": N_("Hours cannot be reported for a future day."),
    "hours.too_old": N_("Hours can be reported for the last {max_age_days} days only."),
    "hours.not_served": N_(
        "Report hours only for a need you had a shift on, or that your team took on."
    ),
    "hours.not_shift_date": N_("The shift took place on {shift_date}."),
    "hours.not_signed_up": N_("You had no confirmed place on this shift."),
    "hours.not_of_need": N_("The shift belongs to another need."),
    "hours.unchanged": N_("The record holds these minutes already."),
    "hours.before_start": N_("The range must end on or after its start."),
}

#: English message id -> simplified Chinese.
ZH_HANS: dict[str, str] = {
    # library errors
    "The shift was cancelled.": "该班次已取消。",
    "Only a volunteer with a confirmed place on the shift can check in.": (
        "只有已确认报名此班次的志愿者才能签到。"
    ),
    "Hours for this shift have been recorded already.": "此班次的服务时长已记录。",
    "Checked in on this shift already.": "已在此班次签到。",
    "Checked out of this shift already.": "已在此班次签退。",
    "Check-in is not open yet: it opens 30 minutes before the shift starts.": (
        "尚未到签到时间：班次开始前 30 分钟起可签到。"
    ),
    "Check-in has closed: the shift has ended.": "签到已截止：班次已结束。",
    "There is no check-in on this shift to check out of.": "此班次没有签到记录，无法签退。",
    "The volunteer is still checked in; the hours are known after check-out.": (
        "志愿者尚未签退，签退后才能确定服务时长。"
    ),
    "These hours have been decided already.": "该服务时长已审核。",
    "Rejected hours are not corrected; report them again instead.": (
        "已驳回的服务时长不能更正，请重新申报。"
    ),
    "Nobody decides on their own hours; another coordinator does that.": (
        "不能审核本人的服务时长，需由其他审核人审核。"
    ),
    "You are not registered as a volunteer in this workspace.": "您在本工作空间还未登记为志愿者。",
    "These hours do not exist in your workspace.": "您的工作空间中没有该服务时长记录。",
    "Enter a date, for example 2026-05-04.": "请输入日期，例如 2026-05-04。",
    "Enter a number, for example 2 or 1.5.": "请输入数字，例如 2 或 1.5。",
    "Report between 1 minute and 16 hours.": "申报时长须在 1 分钟到 16 小时之间。",
    "Enter a whole number of minutes.": "请输入整数分钟数。",
    "Hours cannot be reported for a future day.": "不能申报未来日期的服务时长。",
    "Hours can be reported for the last {max_age_days} days only.": (
        "只能申报最近 {max_age_days} 天内的服务时长。"
    ),
    "Report hours only for a need you had a shift on, or that your team took on.": (
        "只能为您参加过班次或您所在团队承接的需求申报时长。"
    ),
    "The shift took place on {shift_date}.": "该班次的日期是 {shift_date}。",
    "You had no confirmed place on this shift.": "您没有此班次的确认报名。",
    "The shift belongs to another need.": "该班次属于其他需求。",
    "The record holds these minutes already.": "记录的时长已是这个数值。",
    "The range must end on or after its start.": "结束日期不能早于开始日期。",
    # statuses and kinds
    "Checked in": "已签到",
    "Waiting for verification": "待审核",
    "Verified": "已通过",
    "Rejected": "已驳回",
    "Checked in and out": "签到签退",
    "Reported by the volunteer": "志愿者自主申报",
    "Joint activity": "联合活动",
    # pages
    "Hours volunteers served in the communities, organisations and units you cover, oldest "
    "first. Verify them, reject them with a reason, or correct the minutes.": (
        "您负责的社区、社会组织和单位中志愿者的服务时长，按时间先后排列。"
        "可以通过、说明原因后驳回，或更正时长。"
    ),
    "No hours wait for your decision.": "没有待您审核的服务时长。",
    "Service hours": "服务时长",
    "Service hours of {name}": "{name}的服务时长",
    "Day served": "服务日期",
    "Time served": "服务时长",
    "corrected": "已更正",
    "Need": "需求",
    "Note": "备注",
    "Corrected {count} times.": "已更正 {count} 次。",
    "These are your own hours: another coordinator decides on them.": (
        "这是您本人的服务时长，需由其他审核人审核。"
    ),
    "Decided by {name} on {when}.": "由{name}于 {when} 审核。",
    "Recorded on {when}.": "记录于 {when}。",
    "someone no longer listed": "已移除的人员",
    "the system": "系统",
    "Corrections": "更正记录",
    "By {name} on {when}": "{name}，{when}",
    "Why: {reason}": "原因：{reason}",
    "Never corrected.": "未更正过。",
    # decisions
    "Verify": "通过",
    "Reject…": "驳回…",
    "Reject": "驳回",
    "Reason for rejecting": "驳回原因",
    "The volunteer sees this reason.": "志愿者会看到此原因。",
    "Correct…": "更正…",
    "Correct": "更正",
    "Correct minutes": "更正后的分钟数",
    "Now {minutes} minutes.": "当前为 {minutes} 分钟。",
    "Reason for the correction": "更正原因",
    "Verified: {served} for {name}.": "已通过：{name}，{served}。",
    "Rejected: {served} for {name}.": "已驳回：{name}，{served}。",
    "Corrected to {served}.": "已更正为 {served}。",
    "Pages": "分页",
    "Previous": "上一页",
    "Next": "下一页",
    "Page {page} of {pages}": "第 {page} / {pages} 页",
}

__all__ = ["ERROR_MESSAGES", "N_", "ZH_HANS"]
