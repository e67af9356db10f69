"""The import page: its form's errors, the templates to download, who may use it."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from coalition.imports import reader
from coalition.imports.columns import COLUMNS
from coalition.imports.schemas import ImportRequest
from coalition.imports.services import request_import
from coalition.places.tables import Grid
from coalition.tenancy import TenantScope
from portal.imports.controllers import MAX_BODY
from tests.portal.conftest import HTMX, login, person_with_login, post_form, text_of
from tests.portal.imports.helpers import csv_file, place, upload

GOOD = csv_file([["姓名"], ["王芳"]])
NAMES = {
    ("zh-Hans", "volunteers"): "志愿者名册模板",
    ("zh-Hans", "organisations"): "社会组织名册模板",
    ("zh-Hans", "units"): "辖区单位名册模板",
    ("en", "volunteers"): "Volunteer roster template",
    ("en", "organisations"): "Social organisation roster template",
    ("en", "units"): "Unit roster template",
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: CSV starts with the BOM, so that Excel reads Chinese; .xlsx is a zip file.
STARTS = {"csv": b"\xef\xbb\xbf", "xlsx": b"PK"}


async def test_the_page_offers_the_rosters_the_templates_and_what_columns_mean(
    client, workspace
) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")

    page = await client.get(where.url)

    assert page.status_code == 200
    text = text_of(page.text)
    assert "名册导入" in text and "志愿者" in text and "社会组织" in text and "辖区单位" in text
    assert 'enctype="multipart/form-data"' in page.text and 'name="_csrf_token"' in page.text
    assert "即使部分行有错误，也导入无误的行" in text
    assert "志愿者模板（Excel）" in text and "辖区单位模板（CSV）" in text
    assert f"{where.url}/templates/units/xlsx" in page.text
    assert "网格编号" in text and "志愿者所在网格的编号" in text
    assert "可填：企业、事业单位、机关、政府机关。" in text
    assert "还没有导入记录。" in text


@pytest.mark.parametrize("locale", ["zh-Hans", "en"])
@pytest.mark.parametrize("kind", ["volunteers", "organisations", "units"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
async def test_templates_download_with_headers_in_the_persons_language(
    client, workspace, locale, kind, file_format
) -> None:
    await login(client, workspace.slug, workspace.admin)
    await post_form(client, "/lang", {"lang": locale, "next": "/"})

    response = await client.get(f"/t/{workspace.slug}/imports/templates/{kind}/{file_format}")

    assert response.status_code == 200
    expected = [c.header(locale) for c in COLUMNS[kind]]
    assert reader.read(response.content, file_format).headers == expected
    disposition = response.headers["content-disposition"]
    assert disposition.startswith(f'attachment; filename="{kind}-template.{file_format}"')
    assert f"filename*=UTF-8''{quote(NAMES[locale, kind])}.{file_format}" in disposition
    assert response.headers["content-type"] == CONTENT_TYPES[file_format]
    assert response.content.startswith(STARTS[file_format])


async def test_an_unknown_template_is_not_found(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)

    response = await client.get(f"/t/{workspace.slug}/imports/templates/people/csv")
    wrong_format = await client.get(f"/t/{workspace.slug}/imports/templates/units/pdf")

    assert response.status_code == wrong_format.status_code == 404


async def test_a_file_of_another_type_is_refused_next_to_the_file_field(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")

    response = await upload(client, where.url, "名册.pdf", b"%PDF-1.4", kind="units")

    assert response.status_code == 422
    assert "请上传 .csv 或 .xlsx 文件。" in text_of(response.text)
    assert 'value="units" checked' in response.text  # the roster chosen is kept
    assert 'aria-invalid="true"' in response.text


async def test_an_empty_file_is_refused_and_with_htmx_only_the_form_comes_back(
    client, workspace
) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")

    response = await upload(
        client, where.url, "名册.csv", b"", kind="organisations", valid_rows=True, headers=HTMX
    )

    assert response.status_code == 422
    assert response.text.lstrip().startswith('<section id="upload"')
    assert "文件是空的。" in text_of(response.text)
    assert 'value="organisations" checked' in response.text
    assert 'name="import_valid_rows" value="1" checked' in response.text


async def test_no_file_chosen_says_the_file_is_required(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")

    response = await post_form(client, where.url, {"kind": "volunteers"})

    assert response.status_code == 422 and "此项为必填项。" in text_of(response.text)


async def test_a_file_over_the_size_limit_is_refused_in_chinese(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    just_over = b"x" * (reader.MAX_BYTES + 1)

    response = await upload(client, where.url, "名册.csv", just_over)

    assert response.status_code == 422 and "文件超过 5 MB。" in text_of(response.text)


async def test_a_body_far_over_the_limit_is_refused_unread_with_the_same_message(
    client, workspace
) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    huge = b"x" * (MAX_BODY + 1)

    without_js = await upload(client, where.url, "名册.csv", huge)
    with_htmx = await upload(client, where.url, "名册.csv", huge, headers=HTMX)

    assert without_js.status_code == 422
    assert "文件超过 5 MB。" in text_of(without_js.text)
    assert f'href="{where.url}"' in without_js.text
    assert with_htmx.status_code == 422
    assert with_htmx.text.lstrip().startswith('<section id="upload"')
    assert "文件超过 5 MB。" in text_of(with_htmx.text)


async def test_an_upload_without_javascript_redirects_to_its_progress(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")

    plain = await upload(client, where.url, "名册.csv", GOOD)
    with_htmx = await upload(client, where.url, "名册.csv", GOOD, headers=HTMX)

    assert plain.status_code == 303
    assert plain.headers["location"].startswith(f"{where.url}/")
    assert with_htmx.headers["hx-redirect"].startswith(f"{where.url}/")


@pytest.mark.parametrize(
    "role",
    [
        {"role": "volunteer"},
        {"role": "social_worker"},
    ],
)
async def test_people_who_do_not_import_rosters_are_refused(client, workspace, role) -> None:
    where = await place(workspace)
    await person_with_login(where.tenant_id, "someone", role)
    await login(client, where.slug, "someone")

    page = await client.get(where.url)
    template = await client.get(f"{where.url}/templates/volunteers/csv")
    posted = await upload(client, where.url, "名册.csv", GOOD)
    overview = await client.get(f"/t/{where.slug}/")

    assert page.status_code == template.status_code == posted.status_code == 403
    assert "无权操作" in text_of(page.text)
    assert "名册导入" not in text_of(overview.text)


async def test_a_grid_worker_is_refused(client, workspace) -> None:
    where = await place(workspace)
    async with TenantScope.system(where.tenant_id).read() as q:
        grid = await q.select(Grid, Grid.id).first()
    await person_with_login(
        where.tenant_id, "gridder", {"role": "grid_worker", "grid_id": grid["id"]}
    )
    await login(client, where.slug, "gridder")

    assert (await client.get(where.url)).status_code == 403
    assert (await upload(client, where.url, "名册.csv", GOOD)).status_code == 403


async def test_another_workspaces_import_is_not_found(client, workspace, other_workspace) -> None:
    where = await place(workspace)
    theirs = await request_import(
        TenantScope.system(other_workspace.tenant.id),
        ImportRequest(kind="volunteers", filename="名册.csv", content=GOOD),
    )
    await login(client, where.slug, workspace.admin)

    page = await client.get(f"{where.url}/{theirs.id}")
    again = await post_form(client, f"{where.url}/{theirs.id}/valid-rows", {})
    across = await client.get(f"/t/{other_workspace.slug}/imports/{theirs.id}")

    assert page.status_code == again.status_code == across.status_code == 404


async def test_staff_see_their_own_imports_and_admins_see_everyones(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    mine = await upload(client, where.url, "我的名册.csv", GOOD)
    url = mine.headers["location"]
    await person_with_login(
        where.tenant_id, "colleague", {"role": "community_staff", "community_id": where.village}
    )

    await login(client, where.slug, "colleague")
    colleague_page = await client.get(url)
    colleague_list = text_of((await client.get(where.url)).text)
    await login(client, where.slug, workspace.admin)
    admin_page = await client.get(url)
    admin_list = text_of((await client.get(where.url)).text)

    assert colleague_page.status_code == 404 and "我的名册.csv" not in colleague_list
    assert admin_page.status_code == 200
    assert "我的名册.csv" in admin_list and "staff同志" in admin_list and "排队中" in admin_list
