"""Texts of the matching pages: library error codes to English ids, and their Chinese.

Words: 智能匹配, 推荐志愿者, 匹配分, 匹配方案, 权重, 邀请.
Refusals whose library wording speaks to a volunteer are worded for the coordinator in
:data:`portal.matching.labels.COORDINATOR_WORDS`; the portal's own field codes are
``matching.<code>`` (:mod:`portal.matching.forms`).
"""

from __future__ import annotations

from portal.text import N_

#: Library error code -> English message id.
ERROR_MESSAGES: dict[str, str] = {
    # refusals on confirming a proposed volunteer
    "matching.shift_full": N_("Every place on this shift is taken or offered already."),
    "matching.unavailable": N_(
        "The shift is no longer within the volunteer's weekly availability."
    ),
    "matching.missing_skills": N_("The volunteer no longer holds every skill the need requires."),
    "matching.line_not_proposed": N_("This volunteer has been confirmed or dropped already."),
    "matching.weights_conflict": N_("The weights were changed at the same moment; try again."),
    "matching.too_many_shifts": N_(
        "There are more than {max_shifts} open shifts in this window: choose a shorter one."
    ),
    "matching_proposal.not_found": N_("This proposal does not exist in your workspace."),
    "matching_proposal_line.not_found": N_(
        "This proposed volunteer does not exist in your workspace."
    ),
    "matching_run.not_found": N_("This proposal run does not exist in your workspace."),
    # refusals on inviting (the needs and shifts pages read these codes the same way)
    "shifts.already_invited": N_("This volunteer has a pending invitation to this shift already."),
    "shifts.shift_cancelled": N_("This shift was cancelled."),
    "shifts.shift_started": N_("This shift has already started."),
    "shifts.need_not_taking_signups": N_("This need does not take sign-ups in its present state."),
    "shifts.volunteer_inactive": N_("This volunteer is not active."),
    "shifts_shift.not_found": N_("This shift does not exist in your workspace."),
    # the portal's own field errors
    "matching.window_order": N_("The last day must be on or after the first day."),
    "matching.window_too_long": N_("Choose at most {days} days."),
    "matching.window_out_of_range": N_("Choose a day from {first} to {last}."),
    "matching.invalid_cap": N_("Enter a whole number from 1 to {most}, or leave it empty."),
    "matching.invalid_weight": N_("Enter a number from 0 to 10, for example 1.5."),
    "matching.all_zero": N_("At least one weight must be above zero."),
}

ZH_HANS: dict[str, str] = {
    # library refusals and the portal's field errors
    "Every place on this shift is taken or offered already.": (
        "此班次的名额已全部报满或已发出邀请。"
    ),
    "The shift is no longer within the volunteer's weekly availability.": (
        "该班次已不在这位志愿者每周可服务的时间内。"
    ),
    "The volunteer no longer holds every skill the need requires.": (
        "这位志愿者已不具备此需求要求的全部技能。"
    ),
    "This volunteer has been confirmed or dropped already.": "这位志愿者已被确认或移出。",
    "The weights were changed at the same moment; try again.": "权重刚被他人修改，请重试。",
    "There are more than {max_shifts} open shifts in this window: choose a shorter one.": (
        "此时间范围内待安排的班次超过 {max_shifts} 个，请缩短时间范围。"
    ),
    "This proposal does not exist in your workspace.": "您的工作空间中没有这个匹配方案。",
    "This proposed volunteer does not exist in your workspace.": (
        "您的工作空间中没有这位推荐的志愿者。"
    ),
    "This proposal run does not exist in your workspace.": "您的工作空间中没有这次匹配。",
    "The last day must be on or after the first day.": "结束日期不能早于开始日期。",
    "Choose at most {days} days.": "时间范围最多 {days} 天。",
    "Choose a day from {first} to {last}.": "请选择 {first} 至 {last} 之间的日期。",
    "Enter a whole number from 1 to {most}, or leave it empty.": (
        "请填写 1 到 {most} 之间的整数，或留空。"
    ),
    "Enter a number from 0 to 10, for example 1.5.": "请填写 0 到 10 之间的数，例如 1.5。",
    "At least one weight must be above zero.": "至少要有一项权重大于 0。",
    "This volunteer is signed up for this shift already.": "这位志愿者已报名此班次。",
    "This volunteer holds a confirmed shift at the same time.": (
        "这位志愿者在同一时间已有确认的班次。"
    ),
    "This shift would take the volunteer over their {max_hours_week} hours that week.": (
        "参加此班次会使这位志愿者当周服务时长超过 {max_hours_week} 小时。"
    ),
    "Your roles do not allow you to propose volunteers.": "您的角色无权生成匹配方案。",
    "The window or the caps were not accepted: start a new proposal.": (
        "时间范围或人数上限无效，请重新生成匹配方案。"
    ),
    "The proposal could not be made. Please try again.": "未能生成匹配方案，请重试。",
    # a score's reasons
    "No particular skills needed": "无特定技能要求",
    "Has {held} of the {required} skills needed": "具备所需 {required} 项技能中的 {held} 项",
    "Lives in the need's grid": "住在需求所在网格",
    "Lives in the need's community": "住在需求所在社区",
    "Belongs to the need's alliance": "属于需求所在党建联盟",
    "Lives outside the need's community and alliances": "不在需求所在社区和党建联盟内",
    "No service hours in the last {days} days": "近 {days} 天没有服务时长",
    "{hours} hours of service in the last {days} days": "近 {days} 天服务 {hours} 小时",
    "No past shifts yet": "此前没有参加过班次",
    "Turned up for {attended} of {past} past shifts": "以往 {past} 个班次中出勤 {attended} 个",
    "Has lived through a similar dispute": "有过类似纠纷的亲身经历",
    # why others are left out
    "Not active": "已停用",
    "Already signed up or invited": "已报名或已受邀",
    "Missing a required skill": "缺少所需技能",
    "Not available at that time": "不在可服务时段",
    "On another shift at the same time": "同一时间已有其他班次",
    "Would go over their weekly hours": "会超出每周服务时长上限",
    # line statuses
    "Proposed": "待确认",
    "Confirmed: invitation sent": "已确认，邀请已发出",
    "Dropped": "已移出",
    # weights
    "Skills": "技能",
    "How much it counts that a volunteer has the skills the need asks for.": (
        "志愿者具备需求所要求技能的重要程度。"
    ),
    "Nearness": "就近",
    "How much it counts that a volunteer lives in the need's grid, its community or its "
    "alliance.": "志愿者住在需求所在网格、社区或党建联盟内的重要程度。",
    "Sharing the work": "均衡分配",
    "How much volunteers who served fewer hours lately come first, so that the same people "
    "are not always asked.": "近期服务时长较少的志愿者优先的程度，避免总是找同一批人。",
    "Reliability": "守约",
    "How much it counts that a volunteer turned up for the shifts they took.": (
        "志愿者按时参加所报班次的重要程度。"
    ),
    "Lived experience": "亲身经历",
    "For dispute mediation only: how much it counts that a volunteer went through a similar "
    "dispute and agreed that this may be used. Only workspace administrators see such "
    "matches here.": (
        "仅用于矛盾调解：志愿者有过类似纠纷的经历并同意使用这一信息的重要程度。"
        "此处只有工作空间管理员能看到这类匹配。"
    ),
    "Weights": "权重",
    "Weights saved.": "权重已保存。",
    "The default weights are back.": "已恢复默认权重。",
    "The default weights are in use.": "目前使用的是默认权重。",
    "Last changed {moment}.": "最近修改于 {moment}。",
    "Save the weights": "保存权重",
    "Restore the defaults": "恢复默认",
    "How volunteers are scored": "志愿者如何评分",
    "Each suggested volunteer gets a score. These five numbers, from 0 to 10, say how much "
    "each part counts: 0 leaves it out, a larger number makes it count more than the "
    "others.": (
        "每位推荐的志愿者都有一个匹配分。以下五个 0 到 10 之间的数决定各部分的分量："
        "0 表示不考虑，数越大越重要。"
    ),
    # suggested volunteers
    "Suggested volunteers": "推荐志愿者",
    "{eligible} of the {volunteers} volunteers can take this shift.": (
        "{volunteers} 名志愿者中有 {eligible} 名可以参加此班次。"
    ),
    "Why the others are left out": "其他志愿者未被推荐的原因",
    "{count} volunteers": "{count} 人",
    "Score {score}": "匹配分 {score}",
    "How the score is made up": "匹配分构成",
    "No volunteer can take this shift at the moment.": "目前没有志愿者可以参加此班次。",
    "Show more": "显示更多",
    # proposals
    "Propose volunteers for many open shifts at once. Nobody is signed up: you confirm each "
    "proposed volunteer, and they get an invitation.": (
        "一次为多个待安排的班次推荐志愿者。不会直接替任何人报名：您逐一确认推荐的志愿者后，"
        "对方会收到邀请。"
    ),
    "Recent proposals": "最近的匹配方案",
    "Made {moment}": "生成于 {moment}",
    "Confirmed: {count}": "已确认 {count} 人",
    "Dropped: {count}": "已移出 {count} 人",
    "Waiting: {count}": "待确认 {count} 人",
    "No proposals yet.": "还没有匹配方案。",
    "Every alliance and none": "不限党建联盟",
    "New proposal": "生成匹配方案",
    "Shifts from": "班次开始日期",
    "Alliance": "党建联盟",
    "Only the needs on this alliance's list; otherwise every open shift you run.": (
        "只匹配该党建联盟清单上的需求；不选则匹配您负责的所有待安排班次。"
    ),
    "At most, from one social organisation": "同一社会组织的志愿者最多",
    "Leave empty for no limit. Volunteers who serve with no organisation are never limited.": (
        "留空表示不限。不属于任何社会组织的志愿者不受限制。"
    ),
    "On one shift": "每个班次",
    "In the whole proposal": "整个方案",
    "Propose volunteers": "生成推荐",
    "Proposal in progress": "正在生成匹配方案",
    "Working out the proposal…": "正在计算匹配方案…",
    "This takes a few seconds. The page moves on by itself.": "需要几秒钟，完成后页面会自动跳转。",
    "Check again": "刷新进度",
    "This is taking longer than usual; the proposal goes on in the background.": (
        "匹配方案用时比平常长，正在后台继续生成。"
    ),
    "No proposal was made": "未能生成匹配方案",
    "Start a new proposal": "重新生成匹配方案",
    "The proposal is ready": "匹配方案已生成",
    "Open the proposal": "查看匹配方案",
    "Proposal": "匹配方案",
    "Proposal for {window}": "匹配方案：{window}",
    "Confirm a volunteer to send them an invitation; they answer it themselves. Drop those "
    "you do not want to ask.": "确认志愿者即向其发出邀请，由本人回复；不想邀请的可以移出。",
    "Summary": "概况",
    "Open shifts looked at": "待安排班次",
    "Free places": "空余名额",
    "Volunteers proposed": "推荐人次",
    "You see the shifts of this proposal that you run.": "这里只显示此方案中您负责的班次。",
    "At most {count} from one organisation on a shift.": "每个班次同一社会组织最多 {count} 人。",
    "At most {count} from one organisation in all.": "整个方案同一社会组织最多 {count} 人。",
    "How good is this proposal?": "方案质量",
    "Its total score is {percent}% higher than picking the best volunteer for each shift one "
    "after another.": "总匹配分比逐个班次挑选最高分志愿者的做法高 {percent}%。",
    "Total score": "总匹配分",
    "Best-first total": "逐个挑选的总分",
    "Highest possible total": "理论最高总分",
    "Volunteer and shift pairs weighed": "比较过的志愿者与班次组合",
    "Solver": "求解器",
    "The best possible proposal": "最优方案",
    "The best found in the time allowed": "限定时间内找到的最佳方案",
    "Best volunteer first, shift by shift": "逐个班次挑选最高分的志愿者",
    "Not recorded": "未记录",
    "{ms} ms": "{ms} 毫秒",
    "No volunteer could be proposed for the open shifts you run in this window.": (
        "在此时间范围内，您负责的待安排班次没有可推荐的志愿者。"
    ),
    "Confirm": "确认",
    "Drop": "移出",
    "Dropped: nothing was sent.": "已移出，未发送任何消息。",
}

__all__ = ["ERROR_MESSAGES", "N_", "ZH_HANS"]
