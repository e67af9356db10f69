"""Importing a roster (名册导入): upload, follow the progress, read the errors by row,
import the valid rows."""

from __future__ import annotations

import re
from typing import Any

from coalition.imports import reader
from coalition.imports.columns import COLUMNS
from tests.portal.conftest import HTMX, login, post_form, text_of
from tests.portal.imports.helpers import (
    csv_file,
    place,
    run_jobs,
    upload,
    volunteer_names,
    xlsx_file,
)

POLLING = 'hx-trigger="every 1s"'


def import_id(response) -> int:
    found = re.fullmatch(r"/t/[^/]+/imports/(\d+)", response.headers["location"])
    assert found, response.headers["location"]
    return int(found.group(1))


async def template_headers(client, url: str, kind: str = "volunteers") -> list[str]:
    response = await client.get(f"{url}/templates/{kind}/csv")
    return reader.read(response.content, "csv").headers


async def test_staff_import_a_csv_with_the_templates_chinese_headers(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    header = await template_headers(client, where.url)
    rows = [
        ["王芳", "13800000001", "wf@example.cn", "G0001", "阳光社工服务中心", "助老服务、义诊"],
        ["李雷", "13800000002", "", "G0001", "", "", "", "4", "2026-01-05"],
    ]

    uploaded = await upload(client, where.url, "志愿者名册.csv", csv_file([header, *rows]))
    url = f"{where.url}/{import_id(uploaded)}"
    queued = await client.get(url, headers=HTMX)
    await run_jobs(where.tenant_id)
    done = await client.get(url)

    assert header[:2] == ["姓名", "手机号"]
    assert uploaded.status_code == 303
    assert queued.status_code == 200 and POLLING in queued.text
    assert queued.text.lstrip().startswith('<section id="import-progress"')
    assert "排队中" in text_of(queued.text) and 'value="0"' in queued.text
    assert done.status_code == 200 and POLLING not in done.text
    text = text_of(done.text)
    assert "导入 志愿者名册.csv" in text and "已完成" in text and "100%" in text
    assert "已导入 2 行，0 行有错误。" in text and "各行错误" not in text
    assert await volunteer_names(where.tenant_id) == ["王芳", "李雷"]
    recent = text_of((await client.get(where.url)).text)
    assert "志愿者名册.csv" in recent and "已完成" in recent


async def test_an_excel_file_imports_on_the_english_pages(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, workspace.admin)
    await post_form(client, "/lang", {"lang": "en", "next": "/"})
    rows: list[list[Any]] = [
        ["Name", "Phone", "Grid code", "Max hours a week"],
        ["Wang Fang", 13800000001, "G0001", 6],  # a phone typed into a number cell
    ]

    uploaded = await upload(client, where.url, "roster.xlsx", xlsx_file(rows))
    url = f"{where.url}/{import_id(uploaded)}"
    await run_jobs(where.tenant_id)
    page = await client.get(url)

    text = text_of(page.text)
    assert "Import roster.xlsx" in text and "Done" in text
    assert "Rows imported: 1. Rows with errors: 0." in text
    assert await volunteer_names(where.tenant_id) == ["Wang Fang"]


async def test_rows_with_errors_are_listed_in_chinese_and_nothing_is_imported(
    client, workspace
) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    header = await template_headers(client, where.url)
    good = ["王芳", "13800000001", "", "G0001"]
    rows = [
        good,
        ["李雷", "13800000002", "", "G9999"],  # row 3: no such grid
        ["", "13800000003", "", "", "", "", "", "一百"],  # row 4: no name, hours not a number
        ["韩梅梅", "13800000001"],  # row 5: the phone of row 2
    ]

    uploaded = await upload(client, where.url, "有错误.csv", csv_file([header, *rows]))
    url = f"{where.url}/{import_id(uploaded)}"
    await run_jobs(where.tenant_id)
    page = await client.get(url)

    assert POLLING not in page.text
    text = text_of(page.text)
    assert "有错误，未导入" in text and "由于部分行有错误，未导入任何内容" in text
    assert "3 网格编号 没有编号为“G9999”的网格。" in text
    assert "4 姓名 此项为必填项。" in text and "4 每周最多服务小时 请填写整数。" in text
    assert "5 手机号 “13800000001”在文件第 2 行已出现。" in text
    assert "导入无误的行（1 行）" in text
    assert await volunteer_names(where.tenant_id) == []


async def test_importing_the_valid_rows_imports_them_without_the_others(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    header = await template_headers(client, where.url)
    rows = [["王芳", "13800000001", "", "G0001"], ["李雷", "13800000002", "", "G9999"]]
    uploaded = await upload(client, where.url, "名册.csv", csv_file([header, *rows]))
    url = f"{where.url}/{import_id(uploaded)}"
    await run_jobs(where.tenant_id)

    again = await post_form(client, f"{url}/valid-rows", {})
    await run_jobs(where.tenant_id)
    page = await client.get(url)
    twice = await post_form(client, f"{url}/valid-rows", {})

    assert again.status_code == 303 and again.headers["location"] == url
    text = text_of(page.text)
    assert "已完成" in text and "已导入 1 行，1 行有错误。" in text
    assert "没有编号为“G9999”的网格。" in text  # the errors stay readable
    assert "导入无误的" not in text
    assert await volunteer_names(where.tenant_id) == ["王芳"]
    assert twice.status_code == 409 and "该导入已在处理或已结束" in twice.text


async def test_htmx_import_valid_rows_returns_the_polling_progress(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    header = await template_headers(client, where.url)
    rows = [["王芳", "13800000001"], ["李雷", "13800000002", "", "G9999"]]
    uploaded = await upload(client, where.url, "名册.csv", csv_file([header, *rows]))
    url = f"{where.url}/{import_id(uploaded)}"
    await run_jobs(where.tenant_id)

    response = await post_form(client, f"{url}/valid-rows", {}, headers=HTMX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="import-progress"')
    assert POLLING in response.text and "正在导入" in text_of(response.text)


async def test_the_checkbox_imports_the_valid_rows_straight_away(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    header = await template_headers(client, where.url)
    rows = [["王芳", "13800000001"], ["李雷", "13800000002", "", "G9999"]]

    uploaded = await upload(
        client, where.url, "名册.csv", csv_file([header, *rows]), valid_rows=True
    )
    await run_jobs(where.tenant_id)
    page = await client.get(f"{where.url}/{import_id(uploaded)}")

    assert "已导入 1 行，1 行有错误。" in text_of(page.text)
    assert await volunteer_names(where.tenant_id) == ["王芳"]


async def test_a_file_without_the_required_columns_fails_with_the_reason(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")

    uploaded = await upload(
        client, where.url, "机构.csv", csv_file([["电话"], ["0535-6201234"]]), kind="units"
    )
    await run_jobs(where.tenant_id)
    page = await client.get(f"{where.url}/{import_id(uploaded)}")

    text = text_of(page.text)
    assert "文件无法导入" in text and "缺少必填列：名称、类型。" in text
    assert POLLING not in page.text


async def test_organisation_rows_name_the_kinds_they_may_have(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, workspace.admin)
    header = [c.zh for c in COLUMNS["organisations"]]

    uploaded = await upload(
        client,
        where.url,
        "社会组织.csv",
        csv_file([header, ["阳光社工服务中心", "社会服务机构"], ["新组织", "协会"]]),
        kind="organisations",
    )
    await run_jobs(where.tenant_id)
    text = text_of((await client.get(f"{where.url}/{import_id(uploaded)}")).text)

    assert "2 名称 已有名为“阳光社工服务中心”的社会组织。" in text
    assert "3 类型 可填：社会团体、社会服务机构、民办非企业单位、基金会。" in text


async def test_row_errors_come_a_page_at_a_time(client, workspace, monkeypatch) -> None:
    from portal.imports import controllers

    monkeypatch.setattr(controllers, "ERRORS_PAGE", 2)
    where = await place(workspace)
    await login(client, where.slug, "staff")
    header = await template_headers(client, where.url)
    rows = [[f"志愿者{n}", f"1380000000{n}", "", "G999"] for n in range(1, 4)]
    uploaded = await upload(client, where.url, "名册.csv", csv_file([header, *rows]))
    url = f"{where.url}/{import_id(uploaded)}"
    await run_jobs(where.tenant_id)

    first = text_of((await client.get(url)).text)
    second = await client.get(f"{url}?page=2", headers=HTMX)

    assert "第 1 / 2 页" in first and "各行错误 3" in first
    assert "2 网格编号" in first and "3 网格编号" in first and "4 网格编号" not in first
    assert second.text.lstrip().startswith('<section id="import-progress"')
    assert "4 网格编号" in text_of(second.text) and "第 2 / 2 页" in text_of(second.text)
