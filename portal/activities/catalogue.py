"""Texts of the activities pages: library error codes to English ids, and their Chinese."""

from __future__ import annotations

from portal.text import N_

#: Library error code -> English message id.
ERROR_MESSAGES: dict[str, str] = {
    # field errors of the activity form and the log's filters (codes shared by contexts)
    "not_a_number": N_("Give a whole number."),
    "in_future": N_("This date is in the future."),
    "before_start": N_("The end date is before the start date."),
    "duplicate": N_("This is listed already."),
    "invalid_characters": N_("This contains characters that are not text."),
    "not_a_volunteer": N_("This person is not registered as a volunteer; list them as staff."),
    # objects picked in the form that are not (or no longer) in the workspace
    "activities_activity.not_found": N_("This activity does not exist in your workspace."),
    "actors_organisation.not_found": N_(
        "This social organisation does not exist in your workspace."
    ),
    "actors_unit.not_found": N_("This unit does not exist in your workspace."),
    "actors_person.not_found": N_("This person does not exist in your workspace."),
    "needs_need.not_found": N_("This need does not exist in your workspace."),
    "alliances_alliance.not_found": N_("This alliance does not exist in your workspace."),
}

#: English message id -> simplified Chinese.
ZH_HANS: dict[str, str] = {
    # the six joint areas of co-building (共建领域)
    "Ideological work done together": "思想工作联做",
    "Joint public-security patrols": "社会治安联防",
    "Public-welfare projects run together": "公益事业联办",
    "Environment and sanitation": "环境卫生连抓",
    "Cultural activities together": "文化活动连搞",
    "Economic cooperation": "经济工作互促",
    # states of needs
    "Draft": "草稿",
    "Open": "待派单",
    "Dispatched": "已派单",
    "Accepted": "已接单",
    "In service": "服务中",
    "Completed": "已完成",
    "Reviewed": "已评价",
    "Cancelled": "已取消",
    # organisers and participants
    "Community": "社区",
    "Social organisation": "社会组织",
    "Unit in the area": "辖区单位",
    "Staff": "工作人员",
    "Me": "本人",
    # the log
    "Log an activity": "登记联合活动",
    "Area of work": "共建领域",
    "All areas": "全部领域",
    "Joint areas of co-building": "共建领域",
    "Need categories": "需求类别",
    "From": "起始日期",
    "To": "截止日期",
    "Organiser": "组织方",
    "All organisers": "全部组织方",
    "Party-building alliance": "党建联盟",
    "All alliances": "全部党建联盟",
    "Filter": "筛选",
    "Clear filters": "清除筛选",
    "Activity log": "活动记录",
    "Correct the filters to see the log.": "请修改筛选条件后查看活动记录。",
    "{count} activities": "共 {count} 场活动",
    "Co-organisers": "联办单位",
    "{count} participants": "参与 {count} 人次",
    "{hours} volunteer hours": "志愿服务时长 {hours} 小时",
    "No activities match.": "没有符合条件的活动。",
    "Pages": "分页",
    "Newer": "较新",
    "Older": "较早",
    "Page {page} of {pages}": "第 {page} / {pages} 页",
    # the form
    "Title": "活动名称",
    "For example 重阳节敬老文艺汇演.": "例如：重阳节敬老文艺汇演。",
    "Choose…": "请选择…",
    "Date held": "活动日期",
    "Place": "地点",
    "For example 党群服务中心广场.": "例如：党群服务中心广场。",
    "No alliance": "不属于党建联盟",
    "Tick every community, social organisation and unit that organised it together. "
    "Volunteers' hours count for the first of each kind.": (
        "勾选共同组织的社区、社会组织和辖区单位。志愿者的服务时长计入每类中的第一个。"
    ),
    "None yet.": "暂无。",
    "Participants": "参与人员",
    "One person per row, with the minutes they served. A volunteer's minutes become "
    "service hours on their record; staff get none. Leave spare rows blank.": (
        "每行填写一人及其服务分钟数。志愿者的服务分钟数计入其服务时长，工作人员不计。多余的行留空即可。"
    ),
    "Participant {number}": "参与人员 {number}",
    "Person": "人员",
    "Taking part as": "参与身份",
    "Minutes served": "服务时长（分钟）",
    "Add a row": "添加一行",
    "Needs it served": "服务的需求",
    "No needs yet.": "还没有需求。",
    "Outcome": "成效",
    "What it achieved, for example 为辖区80余位老人送去节目和慰问品.": (
        "活动取得的成效，例如：为辖区80余位老人送去节目和慰问品。"
    ),
    "Log activity": "登记活动",
    "Choose at least one co-organiser.": "请至少选择一个联办单位。",
    # one activity
    "Logged": "登记时间",
    "{hours} h": "{hours} 小时",
    "Nobody listed.": "未登记参与人员。",
    "Volunteer service hours: {hours}": "志愿服务时长：{hours} 小时",
    "No linked needs.": "未关联需求。",
    "Not recorded.": "未填写。",
    # errors
    "Give a whole number.": "请填写整数。",
    "This date is in the future.": "日期不能晚于今天。",
    "The end date is before the start date.": "截止日期早于起始日期。",
    "This is listed already.": "已经填写过，请勿重复。",
    "This contains characters that are not text.": "含有无效字符。",
    "This person is not registered as a volunteer; list them as staff.": (
        "此人尚未登记为志愿者，请将参与身份选为工作人员。"
    ),
    "This activity does not exist in your workspace.": "您的工作空间中没有该活动。",
    "This social organisation does not exist in your workspace.": "您的工作空间中没有该社会组织。",
    "This unit does not exist in your workspace.": "您的工作空间中没有该辖区单位。",
    "This person does not exist in your workspace.": "您的工作空间中没有此人。",
    "This need does not exist in your workspace.": "您的工作空间中没有该需求。",
    "This alliance does not exist in your workspace.": "您的工作空间中没有该党建联盟。",
}

__all__ = ["ERROR_MESSAGES", "N_", "ZH_HANS"]
