"""Texts of the reports pages: library error codes to English ids, and their Chinese."""

from __future__ import annotations

from portal.text import N_

#: Library error code -> English message id.
ERROR_MESSAGES: dict[str, str] = {
    "reports.end_before_start": N_("The end date is before the start date."),
    "reports.period_too_long": N_("A report covers at most {max_days} days."),
    "alliances.item_closed": N_("Item {number} is closed; it does not change any more."),
    "alliances.illegal_transition": N_("Item {number} cannot move to that status now."),
    "alliances_commitment_item.not_found": N_(
        "This commitment item does not exist in your workspace."
    ),
    "alliances_agreement.not_found": N_(
        "This co-building agreement does not exist in your workspace."
    ),
}

#: English message id -> simplified Chinese.
ZH_HANS: dict[str, str] = {
    # the period
    "This month": "本月",
    "This quarter": "本季度",
    "This year": "本年",
    "Show": "查看",
    "Quick periods": "常用时段",
    "{start} to {end}": "{start} 至 {end}",
    "Choose a valid period to see the reports.": "请选择有效的时段后查看报表。",
    # hours
    "Service hours": "服务时长",
    "Verified hours": "已审核时长（小时）",
    "Pending hours": "待审核时长（小时）",
    "Verified (h)": "已审核（小时）",
    "Pending (h)": "待审核（小时）",
    "Volunteers who served": "参与服务的志愿者",
    "Volunteers who served most (top {count})": "服务时长排名（前 {count} 名）",
    "By social organisation": "按社会组织",
    "By unit in the area": "按辖区单位",
    "By community": "按社区",
    "By party-building alliance": "按党建联盟",
    "None in this period.": "本时段内没有数据。",
    # needs
    "Needs handled": "需求办理",
    "Number of needs": "需求数",
    "Posted": "新增需求",
    "Filled": "已满员",
    "Fill rate": "满员率",
    "Median time to fill": "满员用时（中位数）",
    "{days} days": "{days} 天",
    "Fill rate: of the {opened} needs posted and opened in the period, {filled} have every "
    "shift filled.": (
        "满员率：本时段内新增并发布的 {opened} 个需求中，{filled} 个的班次已全部满员。"
    ),
    "Where needs were settled": "办结层级",
    "{count} needs completed in the period.": "本时段内办结需求 {count} 个。",
    "Settled at": "办结层级",
    "Share": "占比",
    "Grid level": "网格",
    "Community level": "社区",
    "Township level": "镇街",
    "County level and above": "县级及以上",
    "{count} completed needs have no level recorded; they are left out of the shares.": (
        "另有 {count} 个已办结需求未记录办结层级，未计入占比。"
    ),
    # activities
    "Joint activities by area": "联合活动（按共建领域）",
    "Participations": "参与人次",
    "Hours": "时长（小时）",
    # mediation
    "Dispute mediation": "矛盾调解",
    "Received": "受理",
    "Resolved": "调解成功",
    "Not resolved": "未调解成功",
    "Success rate": "调解成功率",
    "Not resolved: {cancelled} cancelled in the period and {open} still open at its end.": (
        "未调解成功：本时段内撤销 {cancelled} 件，时段结束时仍在办理 {open} 件。"
    ),
    # commitments
    "Commitment items due in the period": "本时段到期的承诺事项",
    "Done": "已完成",
    "Outstanding": "未完成",
    "Overdue": "已逾期",
    "Co-building agreement": "共建协议",
    "All commitment items and their progress": "全部承诺事项及进展",
    "Commitment items": "承诺事项",
    "The numbered public commitments of each co-building agreement, as of {today}.": (
        "各共建协议公开承诺的事项，截至 {today}。"
    ),
    "All items": "全部事项",
    "Overdue only ({count})": "仅看逾期（{count}）",
    "No items yet.": "还没有承诺事项。",
    "No overdue items.": "没有逾期事项。",
    "No co-building agreements yet.": "还没有共建协议。",
    "Not started": "未开始",
    "In progress": "推进中",
    "Status": "状态",
    "Due": "完成时限",
    "Responsible": "责任单位",
    "Progress": "进展",
    "Updated": "更新时间",
    "Progress note": "进展说明",
    "Save progress": "保存进展",
    "Progress of item {number} saved.": "第 {number} 项的进展已保存。",
    # errors
    "A report covers at most {max_days} days.": "报表时段最长 {max_days} 天。",
    "Item {number} is closed; it does not change any more.": "第 {number} 项已办结，不能再更改。",
    "Item {number} cannot move to that status now.": "第 {number} 项目前不能改为该状态。",
    "This commitment item does not exist in your workspace.": "您的工作空间中没有该承诺事项。",
    "This co-building agreement does not exist in your workspace.": (
        "您的工作空间中没有该共建协议。"
    ),
}

__all__ = ["ERROR_MESSAGES", "N_", "ZH_HANS"]
