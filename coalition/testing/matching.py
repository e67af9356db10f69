"""Factories of the matching context.

Rows are written as they are given: a proposal line made here has passed no rule and sent
no invitation (use the services for that)::

    proposal = await ProposalFactory.create(tenant=tenant)
    line = await ProposalLineFactory.create(tenant=tenant, proposal=proposal)
    await MatchingWeightsFactory.create(tenant=tenant, proximity=2.0)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import factory

from coalition.matching.tables import MatchingWeights, Proposal, ProposalLine
from coalition.testing.base import PiccoloFactory

_SAME_TENANT = factory.SelfAttribute("..tenant")
# Paths, not imports: coalition.testing.factories re-exports this module's factories.
_SHIFT = "coalition.testing.factories.ShiftFactory"
_VOLUNTEER = "coalition.testing.factories.VolunteerFactory"


class MatchingWeightsFactory(PiccoloFactory):
    class Meta:
        model = MatchingWeights

    skills = 1.0
    proximity = 1.0
    fairness = 0.6
    reliability = 0.8
    lived_experience = 1.0
    updated_by = None
    updated_at = factory.LazyFunction(lambda: datetime.now(UTC))


class ProposalFactory(PiccoloFactory):
    """A stored proposal for the coming fortnight, without lines."""

    class Meta:
        model = Proposal

    created_by = None
    created_at = factory.LazyFunction(lambda: datetime.now(UTC))
    alliance = None
    window_start = factory.SelfAttribute("created_at")
    window_end = factory.LazyAttribute(lambda o: o.window_start + timedelta(days=14))
    weights = factory.LazyFunction(
        lambda: {
            "skills": 1.0,
            "proximity": 1.0,
            "fairness": 0.6,
            "reliability": 0.8,
            "lived_experience": 1.0,
        }
    )
    shifts = 1
    places = 2
    candidates = 1
    objective = 1.0
    bound = 1.0
    greedy_objective = 1.0
    solver_status = "optimal"
    solve_ms = 1


class ProposalLineFactory(PiccoloFactory):
    """A proposed line: a new volunteer for a new shift, "同网格" reasons and all."""

    class Meta:
        model = ProposalLine

    proposal = factory.SubFactory(ProposalFactory, tenant=_SAME_TENANT)
    shift = factory.SubFactory(_SHIFT, tenant=_SAME_TENANT)
    volunteer = factory.SubFactory(_VOLUNTEER, tenant=_SAME_TENANT)
    score = 2.5
    reasons = factory.LazyFunction(
        lambda: [
            {"code": "skills", "params": {"held": 1, "required": 1}, "points": 1.0},
            {"code": "proximity", "params": {"level": "grid"}, "points": 1.0},
        ]
    )
    status = "proposed"
    invitation = None
    decided_by = None
    decided_at = None


__all__ = ["MatchingWeightsFactory", "ProposalFactory", "ProposalLineFactory"]
