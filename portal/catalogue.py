"""The simplified Chinese catalogue, and the texts of the library's error codes.

Keys are the English message ids used in templates (``_("...")``) and code
(``_("...")``, ``N_("...")``); ``{name}`` placeholders must appear in both texts.
``tests/portal/test_i18n.py`` fails when a text in use is missing here.
Domain words follow the users' own: 社区, 网格, 社会组织, 辖区单位, 志愿者, 社工, 党建联盟.
"""

from __future__ import annotations

from portal.text import N_

#: Library error code -> English message id (translated through ZH_HANS below).
ERROR_MESSAGES: dict[str, str] = {
    "auth.invalid_credentials": N_("The username or password is wrong."),
    "auth.inactive": N_("This login is no longer active."),
    "auth.no_role": N_("You hold no role in this workspace any more."),
    "required": N_("This field is required."),
    "too_long": N_("At most {max_length} characters are allowed."),
    "invalid_choice": N_("Choose one of the listed values."),
    "out_of_range": N_("Must be between {low} and {high}."),
    "invalid_email": N_("This is not an email address."),
    "too_many": N_("At most {most} are allowed."),
    "invalid_date": N_("Give the date as YYYY-MM-DD."),
    "invalid_slug": N_("Use lower-case letters, digits and hyphens (at most 63 characters)."),
    "password_too_short": N_("Use at least {min_length} characters."),
    "permission_denied": N_("Your roles do not allow this."),
    "conflict": N_("The change clashes with data already recorded; reload and try again."),
    "not_found": N_("This does not exist in your workspace."),
    "places_community.not_found": N_("This community does not exist in your workspace."),
    "places_grid.not_found": N_("This grid does not exist in your workspace."),
    "places.community_name_taken": N_("A community named “{name}” exists already."),
    "places.grid_name_taken": N_("This community has a grid named “{name}” already."),
    "actors.username_taken": N_("The username “{username}” is taken."),
}

ZH_HANS: dict[str, str] = {
    "Give the date as YYYY-MM-DD.": "请按 年-月-日 格式填写日期，例如 2026-05-04。",
    "At most {most} are allowed.": "最多允许 {most} 项。",
    "Needs": "需求清单",
    "Open shifts": "志愿服务",
    "My service": "我的服务",
    "Hours to verify": "待审核时长",
    "Activities": "联合活动",
    "Reports": "统计报表",
    "Matching": "智能匹配",
    "Inbox": "消息",
    "Import roster": "名册导入",
    # layout
    "Coalition portal": "社区共建联盟平台",
    "Skip to content": "跳到正文",
    "Main menu": "主菜单",
    "Overview": "概览",
    "Sign out": "退出登录",
    "Back to the start": "返回首页",
    "You are here": "当前位置",
    # home and sign-in
    "Welcome": "欢迎",
    "Community coalition workspace": "社区共建联盟工作空间",
    "Communities, grids, social organisations, units in the area, volunteers and social "
    "workers, working together.": "社区、网格、社会组织、辖区单位、志愿者和社工，携手共建。",
    "Workspace code": "工作空间代码",
    "Your workspace administrator gives you this code, for example shizishan.": (
        "此代码由工作空间管理员提供，例如 shizishan。"
    ),
    "Continue": "继续",
    "No workspace has this code.": "没有使用此代码的工作空间。",
    "Sign in": "登录",
    "Username": "用户名",
    "Password": "密码",
    "Another workspace": "进入其他工作空间",
    "Too many failed sign-ins. Try again in {minutes} minutes.": (
        "登录失败次数过多，请 {minutes} 分钟后再试。"
    ),
    "Too many failed sign-ins. Try again in a minute.": "登录失败次数过多，请 1 分钟后再试。",
    # roles
    "Your roles: {roles}": "您的角色：{roles}",
    "Workspace administrator": "工作空间管理员",
    "Community staff": "社区工作人员",
    "Grid worker": "网格员",
    "Social worker": "社工",
    "Social organisation coordinator": "社会组织联络人",
    "Unit liaison": "辖区单位联络人",
    "Volunteer": "志愿者",
    # overview
    "At a glance": "总览",
    "Communities": "社区",
    "Grids": "网格",
    "Social organisations": "社会组织",
    "Units in the area": "辖区单位",
    "Volunteers": "志愿者",
    "Social workers": "社工",
    "Party-building alliances": "党建联盟",
    "Co-building agreements": "共建协议",
    "Led by {branch}": "牵头：{branch}",
    "{communities} communities, {organisations} social organisations and {units} units": (
        "{communities} 个社区（村）、{organisations} 家社会组织、{units} 家辖区单位"
    ),
    "This login is no longer active.": "该账号已停用。",
    "You hold no role in this workspace any more.": "您在本工作区已没有任何角色。",
    "Communities and their grids": "社区与网格",
    "No communities yet.": "还没有社区。",
    "No grids yet": "暂无网格",
    # places
    "Add a community": "添加社区",
    "Add community": "添加社区",
    "Community “{name}” added.": "已添加社区“{name}”。",
    "Open {name}": "查看{name}",
    "Name": "名称",
    "Kind": "类型",
    "Urban community": "城市社区",
    "Village": "村",
    "Township or street": "所属镇街",
    "Address": "地址",
    "For example 东北村社区 or 狮子山村.": "例如：东北村社区、狮子山村。",
    "Add a grid": "添加网格",
    "Add grid": "添加网格",
    "Grid “{name}” added.": "已添加网格“{name}”。",
    "Code": "编号",
    "For example 第一网格.": "例如：第一网格。",
    # error pages
    "The request could not be handled": "请求无法处理",
    "Not allowed": "无权操作",
    "Page not found": "页面不存在",
    "Changed in the meantime": "数据已被更改",
    "Something went wrong": "出错了",
    "Check what you entered and try again.": "请检查填写的内容后重试。",
    "This page does not exist, or it is not part of your workspace.": (
        "该页面不存在，或不属于您的工作空间。"
    ),
    "This address does not accept that kind of request.": "该地址不接受此类请求。",
    "Reload the page and try again.": "请刷新页面后重试。",
    "The error has been recorded. Please try again in a moment.": "错误已记录，请稍后再试。",
    "The form has expired. Reload the page and send it again.": (
        "表单已过期，请刷新页面后重新提交。"
    ),
    # library errors, by code (ERROR_MESSAGES)
    "The username or password is wrong.": "用户名或密码错误。",
    "This field is required.": "此项为必填项。",
    "At most {max_length} characters are allowed.": "最多允许 {max_length} 个字符。",
    "Choose one of the listed values.": "请从列表中选择。",
    "Must be between {low} and {high}.": "必须介于 {low} 和 {high} 之间。",
    "This is not an email address.": "这不是有效的电子邮件地址。",
    "Use lower-case letters, digits and hyphens (at most 63 characters).": (
        "请使用小写字母、数字和连字符（最多 63 个字符）。"
    ),
    "Use at least {min_length} characters.": "请至少使用 {min_length} 个字符。",
    "Your roles do not allow this.": "您的角色无权进行此操作。",
    "The change clashes with data already recorded; reload and try again.": (
        "此更改与已记录的数据冲突，请刷新后重试。"
    ),
    "This does not exist in your workspace.": "您的工作空间中没有此项。",
    "This community does not exist in your workspace.": "您的工作空间中没有该社区。",
    "This grid does not exist in your workspace.": "您的工作空间中没有该网格。",
    "A community named “{name}” exists already.": "已有名为“{name}”的社区。",
    "This community has a grid named “{name}” already.": "该社区已有名为“{name}”的网格。",
    "The username “{username}” is taken.": "用户名“{username}”已被占用。",
}


def _merge_contexts() -> None:
    """Each portal context keeps its texts in ``portal/<context>/catalogue.py``."""
    from importlib import import_module

    clashes = []
    for context in CONTEXTS:
        module = import_module(f"portal.{context}.catalogue")
        for merged, extra in ((ERROR_MESSAGES, module.ERROR_MESSAGES), (ZH_HANS, module.ZH_HANS)):
            for key, text in extra.items():
                if merged.get(key, text) != text:
                    clashes.append(f"{context}: {key!r} is {text!r} here, {merged[key]!r} before")
                merged[key] = text
    if clashes:
        # One English text, one Chinese text: a clash would silently change another page.
        raise RuntimeError("Conflicting portal translations:\n" + "\n".join(clashes))


#: The contexts whose catalogues are merged into this one.
CONTEXTS = ("needs", "shifts", "hours", "activities", "reports", "matching", "inbox", "imports")
_merge_contexts()
