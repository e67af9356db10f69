"""Texts of the needs pages: library error codes to English ids, and their Chinese."""

from __future__ import annotations

from portal.text import N_

#: Library error code -> English message id.
ERROR_MESSAGES: dict[str, str] = {
    # needs
    "needs.illegal_transition": N_("The need's present state does not allow this step."),
    "needs.not_editable": N_("Only drafts and needs awaiting dispatch can be edited."),
    "needs.pool_dispatch": N_(
        "The need is in the volunteer pool: it counts as accepted once its first volunteer "
        "is confirmed."
    ),
    "needs.awaiting_member": N_("The need awaits the answer of the member it was dispatched to."),
    "needs.already_reviewed": N_("This need has been reviewed already: a need is reviewed once."),
    "needs.category_code_taken": N_("This workspace has a category “{category}” already."),
    "needs_need.not_found": N_("This need does not exist in your workspace."),
    # field errors of the needs services
    "invalid_phone": N_("Use digits, spaces, +, - and brackets."),
    "not_in_community": N_("The grid is not in the chosen community."),
    "unknown_category": N_("Choose a category from the list."),
    "community_not_member": N_("The community is not an active member of {alliance}."),
    "not_allowed": N_("Leave this empty for this kind of dispatch."),
    "not_alliance_member": N_(
        "The need is on an alliance's list: dispatch it to an active member of that alliance."
    ),
    "not_higher": N_("Choose a level higher than the present one."),
    "invalid": N_("Choose a rating from 1 to 5."),
    "before_start": N_("The end date is before the start date."),
    "invalid_characters": N_("This contains characters that are not text."),
    "invalid_type": N_("This must be text."),
    # the portal's own reading of the forms
    "invalid_number": N_("Enter a whole number."),
    "invalid_time": N_("Give the time as HH:MM, for example 09:30."),
    # shifts and invitations
    "naive_datetime": N_("Give the time with its time zone."),
    "in_past": N_("A shift must start in the future."),
    "ends_before_start": N_("A shift must end after it starts."),
    "ends_at_start": N_("A shift must end after it starts."),
    "before_first_date": N_("The last date cannot be before the first."),
    "no_occurrences": N_("No shift of this series would fall on a day to come."),
    "too_many_occurrences": N_("A series makes at most {max} shifts; this one would make {count}."),
    "shifts.headcount_below_confirmed": N_(
        "{confirmed} volunteers are confirmed: cancel sign-ups before lowering the headcount "
        "to {headcount}."
    ),
    "shifts.shift_cancelled": N_("This shift was cancelled."),
    "shifts.shift_started": N_("This shift has already started."),
    "shifts.need_closed_to_shifts": N_("The need is closed: its shifts can no longer change."),
    "shifts.need_not_taking_signups": N_("This need does not take sign-ups in its present state."),
    "shifts.volunteer_inactive": N_("This volunteer is not active."),
    "shifts.already_invited": N_("This volunteer has a pending invitation to this shift already."),
    "shifts_shift.not_found": N_("This shift does not exist in your workspace."),
}

#: English message id -> simplified Chinese.
ZH_HANS: dict[str, str] = {
    # errors, by code
    "The need's present state does not allow this step.": "该需求的当前状态不允许此操作。",
    "Only drafts and needs awaiting dispatch can be edited.": "只有草稿和待派单的需求可以修改。",
    "The need is in the volunteer pool: it counts as accepted once its first volunteer "
    "is confirmed.": "该需求已派入志愿者池，首位志愿者确认后即视为已接单。",
    "The need awaits the answer of the member it was dispatched to.": (
        "该需求正在等待接单单位答复。"
    ),
    "This need has been reviewed already: a need is reviewed once.": (
        "该需求已经评价过，每个需求只能评价一次。"
    ),
    "This workspace has a category “{category}” already.": "本工作空间已有类别“{category}”。",
    "This need does not exist in your workspace.": "您的工作空间中没有该需求。",
    "Use digits, spaces, +, - and brackets.": "请使用数字、空格、+、- 和括号。",
    "The grid is not in the chosen community.": "该网格不属于所选社区。",
    "Choose a category from the list.": "请从列表中选择类别。",
    "The community is not an active member of {alliance}.": "该社区不是{alliance}的现有成员。",
    "Leave this empty for this kind of dispatch.": "这种派单方式不需要填写此项。",
    "The need is on an alliance's list: dispatch it to an active member of that alliance.": (
        "该需求列入了党建联盟的需求清单，只能派给该联盟的现有成员单位。"
    ),
    "Choose a level higher than the present one.": "请选择高于当前层级的层级。",
    "Choose a rating from 1 to 5.": "请选择 1 到 5 星。",
    "The end date is before the start date.": "截止日期早于起始日期。",
    "This contains characters that are not text.": "含有无效字符。",
    "This must be text.": "此项必须是文字。",
    "Enter a whole number.": "请填写整数。",
    "Give the time as HH:MM, for example 09:30.": "请按“时:分”填写时间，例如 09:30。",
    "Give the time with its time zone.": "请填写带时区的时间。",
    "A shift must start in the future.": "班次的开始时间必须在将来。",
    "A shift must end after it starts.": "班次的结束时间必须晚于开始时间。",
    "The last date cannot be before the first.": "结束日期不能早于开始日期。",
    "No shift of this series would fall on a day to come.": "在这段日期内没有以后的班次。",
    "A series makes at most {max} shifts; this one would make {count}.": (
        "每周班次最多生成 {max} 个，这样设置会生成 {count} 个。"
    ),
    "{confirmed} volunteers are confirmed: cancel sign-ups before lowering the headcount "
    "to {headcount}.": "已有 {confirmed} 名志愿者确认，请先取消报名，再把人数降到 {headcount}。",
    "This shift was cancelled.": "该班次已取消。",
    "This shift has already started.": "该班次已经开始。",
    "The need is closed: its shifts can no longer change.": "该需求已结束，不能再更改班次。",
    "This need does not take sign-ups in its present state.": "该需求当前不接受报名。",
    "This volunteer is not active.": "该志愿者已停用。",
    "This volunteer has a pending invitation to this shift already.": (
        "已邀请过该志愿者参加这个班次，尚待回复。"
    ),
    "This shift does not exist in your workspace.": "您的工作空间中没有该班次。",
    # errors that name the need's state (portal.needs.forms)
    "This need is “{state}” now: it cannot be published.": (
        "该需求当前状态为「{state}」，不能发布。"
    ),
    "This need is “{state}” now: it cannot be dispatched.": (
        "该需求当前状态为「{state}」，不能派单。"
    ),
    "This need is “{state}” now: it cannot be accepted.": "该需求当前状态为「{state}」，不能接单。",
    "This need is “{state}” now: it cannot be declined.": "该需求当前状态为「{state}」，不能拒单。",
    "This need is “{state}” now: its service cannot start.": (
        "该需求当前状态为「{state}」，不能开始服务。"
    ),
    "This need is “{state}” now: it cannot be escalated.": (
        "该需求当前状态为「{state}」，不能升级。"
    ),
    "This need is “{state}” now: it cannot be completed.": (
        "该需求当前状态为「{state}」，不能办结。"
    ),
    "This need is “{state}” now: it cannot be reviewed.": "该需求当前状态为「{state}」，不能评价。",
    "This need is “{state}” now: it cannot be cancelled.": (
        "该需求当前状态为「{state}」，不能取消。"
    ),
    "This need is “{state}” now: only drafts and needs awaiting dispatch can be edited.": (
        "该需求当前状态为「{state}」，只有草稿和待派单的需求可以修改。"
    ),
    "This need is “{state}” now: its shifts can no longer be planned or changed.": (
        "该需求当前状态为「{state}」，不能再安排或更改班次。"
    ),
    "This need is “{state}” now: volunteers can be invited once it is accepted "
    "or in the volunteer pool.": (
        "该需求当前状态为「{state}」，接单或派入志愿者池后才能邀请志愿者。"
    ),
    "A shift lasts at most {hours} hours.": "一个班次最长 {hours} 小时。",
    "A skill has at most 64 characters.": "每项技能最多 64 个字符。",
    "The need is at the {level} already: choose a higher level.": (
        "该需求已在{level}办理，请选择更高的层级。"
    ),
    # states, levels, urgency, kinds (portal.needs.labels)
    "Draft": "草稿",
    "Awaiting dispatch": "待派单",
    "Dispatched": "已派单",
    "Accepted": "已接单",
    "In service": "服务中",
    "Settled": "已办结",
    "Reviewed": "已评价",
    "Cancelled": "已取消",
    "Grid level": "网格",
    "Community level": "社区",
    "Township level": "镇街",
    "County level and above": "县级及以上",
    "Not urgent": "不急",
    "Normal": "一般",
    "Pressing": "较急",
    "Urgent": "紧急",
    "Volunteer pool": "志愿者池",
    "Social organisation": "社会组织",
    "Unit in the area": "辖区单位",
    "Awaiting answer": "待答复",
    "Declined": "已拒单",
    "Withdrawn": "已撤回",
    "Recorded": "登记",
    "Recorded on": "登记时间",
    "Published": "已发布",
    "Edited": "已修改",
    "Service started": "开始服务",
    "Escalated": "已升级",
    "Resident": "群众",
    "Community office": "社区",
    "Confirmed": "已确认",
    "Waitlisted": "候补",
    "Sign-up cancelled": "报名已取消",
    "Awaiting reply": "待回复",
    "Invitation accepted": "已接受邀请",
    "Invitation declined": "已谢绝邀请",
    "Invitation withdrawn": "邀请已撤回",
    "Scheduled": "已排班",
    "Shift cancelled": "班次已取消",
    "Monday": "星期一",
    "Tuesday": "星期二",
    "Wednesday": "星期三",
    "Thursday": "星期四",
    "Friday": "星期五",
    "Saturday": "星期六",
    "Sunday": "星期日",
    # notices after a step
    "Published.": "已发布。",
    "Dispatched.": "已派单。",
    "Accepted.": "已接单。",
    "Declined: the need is back on the list for another dispatch.": (
        "已拒单，该需求已退回待派单，可以重新派单。"
    ),
    "Escalated.": "已升级。",
    "Completed.": "已办结。",
    "The need was cancelled.": "需求已取消。",
    "Thank you for the review.": "感谢您的评价。",
    "The need was saved, but its first shift was not added.": (
        "需求已保存，但第一个班次没有添加成功。"
    ),
    "Shift added.": "已添加班次。",
    "Weekly shifts added.": "已添加每周班次。",
    "Shift changed; its volunteers will be told.": "班次已修改，将通知已报名的志愿者。",
    "Shift cancelled; its volunteers will be told.": "班次已取消，将通知已报名的志愿者。",
    "Invitation sent.": "邀请已发出。",
    # the board
    "Needs list": "需求清单",
    "Post a need": "发布需求",
    "Which needs": "查看范围",
    "All needs": "全部需求",
    "Dispatched to us": "派给我们的",
    "Dispatched to": "派单对象",
    "Filter": "筛选",
    "State": "状态",
    "Category": "类别",
    "Community": "社区",
    "Grid": "网格",
    "Posted from": "登记日期从",
    "Posted until": "登记日期至",
    "Show": "查看",
    "Clear filters": "清除筛选",
    "All states": "全部状态",
    "All categories": "全部类别",
    "All communities": "全部社区",
    "All grids": "全部网格",
    "Check the filters.": "请检查筛选条件。",
    "{total} needs": "共 {total} 条需求",
    "dispatched to {name}": "派给{name}",
    "Dispatched to {name}": "已派给{name}",
    "Posted {when}": "{when} 登记",
    "In the volunteer pool": "已派入志愿者池",
    "Accept": "接单",
    "Decline": "拒单",
    "Reason for declining": "拒单原因",
    "No needs match.": "没有符合条件的需求。",
    "Pages": "分页",
    "Previous": "上一页",
    "Next": "下一页",
    "Page {page} of {pages}": "第 {page} / {pages} 页",
    # posting and editing
    "Edit the need": "修改需求",
    "Edit": "修改",
    "Need title": "需求标题",
    "For example 帮独居老人王奶奶买菜送药.": "例如：帮独居老人王奶奶买菜送药。",
    "Description": "详细说明",
    "What is needed, when and where.": "需要什么帮助、什么时间、在哪里。",
    "Where": "所在地",
    "Choose a community": "请选择社区（村）",
    "Not needed when you choose a grid.": "选择了网格时可不填。",
    "No particular grid": "不指定网格",
    "A need with a grid starts at grid level.": "指定网格的需求从网格层级开始办理。",
    "Party-building alliance": "党建联盟",
    "On no alliance's list": "不列入联盟清单",
    "A need on an alliance's list is dispatched only to the alliance's members.": (
        "列入党建联盟需求清单的需求，只能派给联盟成员单位。"
    ),
    "Choose a category": "请选择类别",
    "Skills needed": "所需技能",
    "Separate them with commas, for example 助老服务、驾驶.": (
        "用逗号或顿号分隔，例如：助老服务、驾驶。"
    ),
    "Urgency": "紧急程度",
    "The resident asking (optional)": "求助群众（选填）",
    "Only the community's staff and the grid's workers see these details.": (
        "只有本社区工作人员和本网格网格员能看到这些信息。"
    ),
    "Resident's name": "群众姓名",
    "Resident's phone": "联系电话",
    "Resident's address": "住址",
    "First shift (optional)": "第一个班次（选填）",
    "Leave the date empty to plan shifts later.": "不填日期，可以以后再安排班次。",
    "Date": "日期",
    "Starts at": "开始时间",
    "Ends at": "结束时间",
    "Place": "地点",
    "Volunteers needed": "所需志愿者人数",
    "Publish now": "立即发布",
    "Keep as a draft": "存为草稿",
    "Save changes": "保存修改",
    "Back to the need": "返回需求",
    "Some fields need another look: see the messages next to them.": (
        "有些内容需要修改，请查看各项旁边的提示。"
    ),
    # a need's page
    "Details": "需求详情",
    "Handled at": "办理层级",
    "Settled at": "办结层级",
    "Resident's contact": "群众联系方式",
    "Handle this need": "办理",
    "This need is a draft: only you and those who may edit it see it.": (
        "这是草稿，只有您和有权修改的人能看到。"
    ),
    "Publish the need": "发布需求",
    "Dispatch": "派单",
    "Dispatch to": "派给",
    "On the list of {alliance}: only its members are offered.": (
        "已列入{alliance}需求清单，只能派给其成员单位。"
    ),
    "Choose a social organisation": "请选择社会组织",
    "Choose a unit": "请选择辖区单位",
    "Note": "备注",
    "Accept the need": "接单",
    "Decline the need": "拒单",
    "The community reads it and dispatches the need again.": "社区会看到原因，并重新派单。",
    "Complete": "办结",
    "The need is settled at the level it is at now: {level}.": "该需求将在当前层级办结：{level}。",
    "Complete the need": "办结需求",
    "Review": "评价",
    "Rating": "评分",
    "Comment": "评价内容",
    "Send the review": "提交评价",
    "Escalate": "升级",
    "Hand it up to": "升级到",
    "Why": "原因",
    "Cancel the need": "取消需求",
    "{rating} of 5": "{rating} / 5 星",
    "Dispatches": "派单记录",
    "Not dispatched yet.": "尚未派单。",
    "History": "办理记录",
    # shifts
    "Shifts": "班次",
    "{confirmed} of {headcount} confirmed": "已确认 {confirmed} / {headcount} 人",
    "{count} on the waitlist": "候补 {count} 人",
    "Who signed up": "报名名单",
    "Nobody has signed up yet.": "还没有人报名。",
    "Invitations": "邀请",
    "Invite a volunteer: search by name": "邀请志愿者：按姓名查找",
    "Search every community": "在所有社区中查找",
    "Search": "查找",
    "Change the shift": "修改班次",
    "Save the shift": "保存班次",
    "Cancel the shift": "取消班次",
    "The volunteers who signed up are told.": "会通知已报名的志愿者。",
    "No shifts yet.": "还没有班次。",
    "Add a shift": "添加班次",
    "An end before the start is on the next day.": "结束时间早于开始时间，表示到第二天。",
    "Add the shift": "添加班次",
    "Add a weekly shift": "添加每周班次",
    "Every": "每周",
    "From": "起始日期",
    "Until": "结束日期",
    "Add the weekly shifts": "添加每周班次",
    "Invite a volunteer": "邀请志愿者",
    "Signed up": "已报名",
    "Invited": "已邀请",
    "Invite": "邀请",
    "No active volunteer matches.": "没有符合条件的在册志愿者。",
    "More volunteers may match: type more of the name.": (
        "可能还有更多匹配的志愿者，请输入更完整的姓名。"
    ),
}

__all__ = ["ERROR_MESSAGES", "N_", "ZH_HANS"]
