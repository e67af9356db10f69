"""A small tenant to import rosters into, and uploading files as a browser does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coalition.actors.tables import Volunteer
from coalition.tenancy import TenantScope
from coalition.testing.factories import CommunityFactory, GridFactory, OrganisationFactory
from tests.coalition.imports.helpers import csv_file, run_jobs, xlsx_file
from tests.portal.conftest import Workspace, csrf_token, person_with_login

__all__ = ["Place", "csv_file", "place", "run_jobs", "upload", "volunteer_names", "xlsx_file"]


@dataclass
class Place:
    slug: str
    tenant_id: int
    village: int  # 东北村社区, with grid G0001

    @property
    def url(self) -> str:
        return f"/t/{self.slug}/imports"


async def place(workspace: Workspace) -> Place:
    """东北村社区 with its grid G0001, 阳光社工服务中心, and its staff member "staff"."""
    tenant = workspace.tenant
    village = await CommunityFactory.create(tenant=tenant.id, name="东北村社区")
    await GridFactory.create(tenant=tenant.id, community=village, code="G0001", name="第一网格")
    await OrganisationFactory.create(tenant=tenant.id, name="阳光社工服务中心")
    await person_with_login(
        tenant.id, "staff", {"role": "community_staff", "community_id": village.id}
    )
    return Place(slug=workspace.slug, tenant_id=tenant.id, village=village.id)


async def upload(
    client: Any,
    url: str,
    filename: str,
    content: bytes,
    *,
    kind: str = "volunteers",
    valid_rows: bool = False,
    headers: dict[str, str] | None = None,
) -> Any:
    """POST the upload form with its file, as a browser sends it (multipart, token field)."""
    token = await csrf_token(client)
    data = {"kind": kind, "_csrf_token": token}
    if headers and "HX-Request" in headers:  # htmx sends the token as a header (base.html)
        headers = {**headers, "X-CSRFToken": token}
    if valid_rows:
        data["import_valid_rows"] = "1"
    files = {"file": (filename, content, "application/octet-stream")}
    return await client.post(url, data=data, files=files, headers=headers or {})


async def volunteer_names(tenant_id: int) -> list[str]:
    async with TenantScope.system(tenant_id).read() as q:
        rows = await q.select(Volunteer, Volunteer.person.name).order_by(Volunteer.id)
    return [r["person.name"] for r in rows]
