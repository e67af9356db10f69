"""Texts of the imports pages: library error codes to English ids, and their Chinese.

Words: 名册导入, 模板, 表头, 行, 列. The generic field codes the rows can hit (required,
too_long, invalid_choice, out_of_range, invalid_email, too_many, invalid_characters,
invalid_type, not_a_number, permission_denied) and the ``*.not_found`` codes of grids,
communities, organisations and people are translated in the shared catalogues already.
"""

from __future__ import annotations

from portal.text import N_

#: Library error code -> English message id.
ERROR_MESSAGES: dict[str, str] = {
    # the file as a whole (the upload form, or the import's failure)
    "imports.unsupported_format": N_("Upload a .csv or .xlsx file."),
    "imports.empty_file": N_("The file is empty."),
    "imports.file_too_large": N_("The file is larger than {max_mb} MB."),
    "imports.bad_encoding": N_(
        "The file is not text in UTF-8 or GB18030: save it again as “CSV UTF-8” or as an "
        "Excel file."
    ),
    "imports.unreadable_file": N_(
        "The file cannot be read: save it again from Excel or WPS as .xlsx or .csv."
    ),
    "imports.no_rows": N_("The file has a header but no rows."),
    "imports.too_many_rows": N_("At most {max_rows} rows can be imported at once: split the file."),
    "imports.missing_columns": N_("Required columns are missing: {columns}."),
    "imports.gave_up": N_("The import stopped after failing repeatedly. Upload the file again."),
    "imports.not_invalid": N_("This import has moved on already; here is where it stands."),
    "notifications_import_job.not_found": N_("This import does not exist in your workspace."),
    # one row
    "imports.unknown_grid": N_("No grid has the code “{value}”."),
    "imports.unknown_organisation": N_("No social organisation is named “{value}”."),
    "imports.unknown_community": N_("No community is named “{value}”."),
    "imports.ambiguous": N_("Several records are named “{value}”: it is not clear which one."),
    "imports.invalid_date": N_("“{value}” is not a date: write it as 2026-01-15."),
    "imports.already_registered": N_(
        "A volunteer with the phone number {value} is registered already."
    ),
    "imports.duplicate_in_file": N_("“{value}” is in row {row} of the file already."),
    "item_too_long": N_("Each item may have at most {max_length} characters."),
    "actors.outside_your_communities": N_("You may add records only in your own communities."),
    "actors.organisation_name_taken": N_("A social organisation named “{name}” exists already."),
    "actors.unit_name_taken": N_("A unit named “{name}” exists already."),
    "actors.already_volunteer": N_("This person is registered as a volunteer already."),
}

#: English message id -> simplified Chinese.
ZH_HANS: dict[str, str] = {
    # library errors
    "Upload a .csv or .xlsx file.": "请上传 .csv 或 .xlsx 文件。",
    "The file is empty.": "文件是空的。",
    "The file is larger than {max_mb} MB.": "文件超过 {max_mb} MB。",
    "The file is not text in UTF-8 or GB18030: save it again as “CSV UTF-8” or as an "
    "Excel file.": "文件编码不是 UTF-8 或 GB18030，请另存为“CSV UTF-8”或 Excel 文件。",
    "The file cannot be read: save it again from Excel or WPS as .xlsx or .csv.": (
        "无法读取该文件，请用 Excel 或 WPS 重新另存为 .xlsx 或 .csv 文件。"
    ),
    "The file has a header but no rows.": "文件只有表头，没有数据行。",
    "At most {max_rows} rows can be imported at once: split the file.": (
        "一次最多导入 {max_rows} 行，请拆分文件。"
    ),
    "Required columns are missing: {columns}.": "缺少必填列：{columns}。",
    "The import stopped after failing repeatedly. Upload the file again.": (
        "导入多次失败后已停止，请重新上传文件。"
    ),
    "This import has moved on already; here is where it stands.": (
        "该导入已在处理或已结束，以下是当前进度。"
    ),
    "This import does not exist in your workspace.": "您的工作空间中没有该导入记录。",
    "No grid has the code “{value}”.": "没有编号为“{value}”的网格。",
    "No social organisation is named “{value}”.": "没有名为“{value}”的社会组织。",
    "No community is named “{value}”.": "没有名为“{value}”的社区。",
    "Several records are named “{value}”: it is not clear which one.": (
        "有多条记录名为“{value}”，无法确定是哪一条。"
    ),
    "“{value}” is not a date: write it as 2026-01-15.": "“{value}”不是日期，请写成 2026-01-15。",
    "A volunteer with the phone number {value} is registered already.": (
        "手机号为 {value} 的志愿者已登记。"
    ),
    "“{value}” is in row {row} of the file already.": "“{value}”在文件第 {row} 行已出现。",
    "Each item may have at most {max_length} characters.": "每项最多 {max_length} 个字符。",
    "You may add records only in your own communities.": "您只能在自己负责的社区内添加。",
    "A social organisation named “{name}” exists already.": "已有名为“{name}”的社会组织。",
    "A unit named “{name}” exists already.": "已有名为“{name}”的辖区单位。",
    "This person is registered as a volunteer already.": "此人已登记为志愿者。",
    "One of: {choices}.": "可填：{choices}。",
    "This cannot be imported (code {code}).": "此项无法导入（代码 {code}）。",
    "Whole row": "整行",
    # statuses and names
    "Waiting to start": "排队中",
    "Checking the rows": "正在检查",
    "Rows have errors: nothing imported": "有错误，未导入",
    "Importing": "正在导入",
    "Done": "已完成",
    "The file could not be imported": "文件无法导入",
    "Volunteer roster template": "志愿者名册模板",
    "Social organisation roster template": "社会组织名册模板",
    "Unit roster template": "辖区单位名册模板",
    # what each column holds
    "The volunteer's full name.": "志愿者的姓名。",
    "Mobile number; a volunteer already registered with it is not imported again.": (
        "手机号；已用该手机号登记的志愿者不会重复导入。"
    ),
    "Optional.": "选填。",
    "The code of the volunteer's home grid, as recorded here.": (
        "志愿者所在网格的编号，须与平台记录一致。"
    ),
    "The social organisation the volunteer belongs to, by its recorded name.": (
        "志愿者所属的社会组织，填写平台中记录的名称。"
    ),
    "Separate several with 、 or a comma.": "多项之间用“、”或逗号分隔。",
    "A whole number from 1 to 60; 8 when left empty.": "1 到 60 的整数；不填则为 8。",
    "A date such as 2026-01-15; today when left empty.": "日期，例如 2026-01-15；不填则为今天。",
    "Unique in the workspace.": "在本工作空间内不能重名。",
    "The community's recorded name; may be left empty.": "平台中记录的社区名称；可不填。",
    # the import page
    "Import a roster of volunteers, social organisations or units from a CSV or Excel "
    "file. Every row is checked first; nothing is imported from a file with errors unless "
    "you ask for the valid rows.": (
        "从 CSV 或 Excel 文件导入志愿者、社会组织或辖区单位名册。导入前会先检查每一行；"
        "文件有错误时不导入任何内容，除非您选择导入无误的行。"
    ),
    "Upload a file": "上传文件",
    "Roster": "名册",
    "File": "文件",
    "A .csv or .xlsx file of at most {max_mb} MB, with the template's header row.": (
        "不超过 {max_mb} MB 的 .csv 或 .xlsx 文件，首行为模板中的表头。"
    ),
    "Import the valid rows even if some rows have errors": "即使部分行有错误，也导入无误的行",
    "Upload and check": "上传并检查",
    "Templates": "模板",
    "Download a template, fill in one row per record and keep the header row. Headers in "
    "Chinese or English are both accepted.": (
        "下载模板，每条记录填一行，保留表头。中文或英文表头均可。"
    ),
    "{roster} template ({format})": "{roster}模板（{format}）",
    "Columns of the {roster} roster": "{roster}名册的列",
    "Column": "列",
    "(required)": "（必填）",
    "Meaning": "说明",
    "Example": "示例",
    "Recent imports": "最近的导入",
    "No imports yet.": "还没有导入记录。",
    "Uploaded": "上传时间",
    "Rows": "行数",
    "Imported": "已导入",
    "With errors": "有错误",
    "By": "上传人",
    "someone no longer listed": "已移除的人员",
    # one import
    "Import {filename}": "导入 {filename}",
    "All imports": "全部导入记录",
    "Progress of the import": "导入进度",
    "Rows imported: {imported}. Rows with errors: {errors}.": (
        "已导入 {imported} 行，{errors} 行有错误。"
    ),
    "Rows in the file: {total}.": "文件共 {total} 行。",
    "This page updates by itself.": "本页会自动更新。",
    "Reload this page to see the progress.": "请刷新本页查看进度。",
    "Reload": "刷新",
    "This is taking longer than usual; the import goes on in the background.": (
        "导入用时比平常长，正在后台继续进行。"
    ),
    "Check again": "刷新进度",  # as on the matching pages
    "Nothing was imported because rows have errors. Correct them in the file and upload "
    "it again, or import the rows without errors now.": (
        "由于部分行有错误，未导入任何内容。请在文件中更正后重新上传，或现在导入无误的行。"
    ),
    "Import the rows without errors ({count})": "导入无误的行（{count} 行）",
    "No row is without errors.": "没有无误的行。",
    "Errors by row": "各行错误",
    "Row": "行",
    "Problem": "问题",
    "Upload another file": "上传其他文件",
    "Pages": "分页",
    "Previous": "上一页",
    "Next": "下一页",
    "Page {page} of {pages}": "第 {page} / {pages} 页",
    "The file is too large": "文件过大",
    "Back to the import page": "返回名册导入",
}

__all__ = ["ERROR_MESSAGES", "N_", "ZH_HANS"]
