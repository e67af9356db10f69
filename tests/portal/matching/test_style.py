"""The matching pages' folded parts show they open, as the needs pages' do."""

from __future__ import annotations

import re
from pathlib import Path

from coalition.matching.schemas import ProposalRequest
from coalition.matching.services import propose_assignment
from tests.portal.conftest import login
from tests.portal.matching.helpers import helper, matching_world

CSS = (
    Path(__file__).resolve().parents[3] / "portal" / "static" / "css" / "matching.css"
).read_text()


def rules_for(selector: str) -> str:
    """The declarations of every rule whose selector list names ``selector``."""
    found = []
    bare = re.sub(r"/\*.*?\*/", "", CSS, flags=re.DOTALL)
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", bare):
        if selector in [s.strip() for s in selectors.split(",")]:
            found.append(body)
    return ";".join(found)


def test_the_folded_parts_show_a_closed_and_an_open_marker() -> None:
    for part in (".ruled-out", ".solver"):
        assert "list-style: none" in rules_for(f"{part} summary")
        assert "display: none" in rules_for(f"{part} summary::-webkit-details-marker")
        assert 'content: "▸"' in rules_for(f"{part} summary::before"), part
        assert 'content: "▾"' in rules_for(f"{part}[open] > summary::before"), part


async def test_the_proposal_and_the_suggestions_fold_with_those_markers(client, workspace) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    await helper(m.w, "王德福", skills=["法律咨询"])
    proposal = await propose_assignment(m.w.staff_scope(), ProposalRequest())
    await login(client, m.slug, "staff")

    page = (await client.get(m.url(f"/proposals/{proposal.id}"))).text
    suggestions = (await client.get(m.suggestions)).text

    assert '<details class="solver">' in page and "css/matching.css" in page
    assert '<details class="ruled-out">' in suggestions and "css/matching.css" in suggestions
