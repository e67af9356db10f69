"""The columns of each roster, their headers in zh-Hans and English, and blank templates.

A file's header may name a column by its key (``phone``), its Chinese header (``手机号``)
or its English one (``Phone``), in any order; columns not listed here are ignored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.writer.excel import save_workbook

from coalition.imports.schemas import ImportKind


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    zh: str
    en: str
    example: str
    required: bool = False

    def header(self, locale: str) -> str:
        return self.en if locale == "en" else self.zh


COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.VOLUNTEERS: (
        Column("name", "姓名", "Name", "王芳", required=True),
        Column("phone", "手机号", "Phone", "13800000001"),
        Column("email", "邮箱", "Email", "wangfang@example.cn"),
        Column("grid", "网格编号", "Grid code", "G0001"),
        Column("organisation", "所属组织", "Organisation", "阳光社工服务中心"),
        Column("skills", "技能", "Skills", "助老服务、义诊"),
        Column("languages", "语言", "Languages", "普通话、胶东话"),
        Column("max_hours_week", "每周最多服务小时", "Max hours a week", "8"),
        Column("joined_on", "加入日期", "Joined on", "2026-01-15"),
    ),
    ImportKind.ORGANISATIONS: (
        Column("name", "名称", "Name", "阳光社工服务中心", required=True),
        Column("kind", "类型", "Kind", "社会服务机构", required=True),
        Column("registration_no", "统一社会信用代码", "Registration no.", "52370600MJD123456X"),
        Column("services", "服务项目", "Services", "助老服务、矛盾调解"),
        Column("phone", "电话", "Phone", "0535-6201234"),
        Column("community", "所在社区", "Community", "东北村社区"),
    ),
    ImportKind.UNITS: (
        Column("name", "名称", "Name", "烟台港集团", required=True),
        Column("kind", "类型", "Kind", "企业", required=True),
        Column("address", "地址", "Address", "芝罘区港湾大道1号"),
        Column("resources", "可提供资源", "Resources", "会议室、志愿者"),
        Column("phone", "电话", "Phone", "0535-6801234"),
        Column("community", "所在社区", "Community", "东北村社区"),
    ),
}

#: The kinds an organisation or unit cell may name, by code, Chinese or English label.
KIND_LABELS: dict[str, dict[str, str]] = {
    ImportKind.ORGANISATIONS: {
        "社会团体": "social_group",
        "social group": "social_group",
        "社会服务机构": "service_agency",
        "民办非企业单位": "service_agency",
        "service agency": "service_agency",
        "基金会": "foundation",
        "foundation": "foundation",
    },
    ImportKind.UNITS: {
        "企业": "enterprise",
        "enterprise": "enterprise",
        "事业单位": "public_institution",
        "public institution": "public_institution",
        "机关": "government_office",
        "政府机关": "government_office",
        "government office": "government_office",
    },
}


def _normal(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).lower()


def column_map(kind: str) -> dict[str, str]:
    """Every accepted header (normalised) → column key."""
    found: dict[str, str] = {}
    for column in COLUMNS[kind]:
        for name in (column.key, column.zh, column.en):
            found[_normal(name)] = column.key
    return found


def match_headers(kind: str, headers: list[str]) -> tuple[dict[int, str], list[str]]:
    """Position → column key for the headers this roster knows, and the required columns
    the file lacks. The first of two columns with the same meaning wins."""
    known = column_map(kind)
    positions: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = known.get(_normal(header))
        if key is not None and key not in positions.values():
            positions[index] = key
    missing = [c.key for c in COLUMNS[kind] if c.required and c.key not in positions.values()]
    return positions, missing


def kind_code(kind: str, value: str) -> str:
    """An organisation's or unit's kind as its code (a value not recognised is returned as
    it is, for the validator to refuse)."""
    return KIND_LABELS[kind].get(_normal(value), value.strip())


def template(kind: str, file_format: str, locale: str = "zh-Hans") -> tuple[str, bytes]:
    """A file to fill in: the headers in ``locale`` and one example row."""
    columns = COLUMNS[kind]
    headers = [c.header(locale) for c in columns]
    example = [c.example for c in columns]
    name = f"{kind}-template.{file_format}"
    if file_format == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(headers)
        writer.writerow(example)
        return name, text.getvalue().encode("utf-8-sig")  # the BOM lets Excel read Chinese
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = kind
    sheet.append(headers)
    sheet.append(example)
    data = io.BytesIO()
    save_workbook(book, data)
    return name, data.getvalue()
