"""The matching engine's tables: per-tenant weights, stored proposals, and a change journal."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    DoublePrecision,
    ForeignKey,
    Integer,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coalition.actors.tables import Person, Volunteer
from coalition.alliances.tables import Alliance
from coalition.shifts.tables import Invitation, Shift
from coalition.tenancy.tables import TenantOwned


class MatchingWeights(TenantOwned, Table, tablename="matching_weights"):
    """How much each part of a volunteer's score counts, for one tenant (one row at most;
    without it the defaults of :mod:`coalition.matching.weights` apply)."""

    skills = DoublePrecision(default=1.0)
    proximity = DoublePrecision(default=1.0)
    fairness = DoublePrecision(default=0.6)
    reliability = DoublePrecision(default=0.8)
    lived_experience = DoublePrecision(default=1.0)
    updated_by = ForeignKey(Person, null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())


class Proposal(TenantOwned, Table, tablename="matching_proposal"):
    """An assignment of volunteers to many open shifts, proposed at once. It never signs
    anyone up: coordinators confirm its lines one by one (each becomes an invitation)."""

    created_by = ForeignKey(Person, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    alliance = ForeignKey(Alliance, null=True, default=None)  # that alliance's shifts only
    window_start = Timestamptz()
    window_end = Timestamptz()
    max_per_organisation_per_shift = Integer(null=True, default=None)
    max_per_organisation_total = Integer(null=True, default=None)
    weights = JSON(default={})  # the weights used, as numbers
    shifts = Integer(default=0)  # open shifts considered
    places = Integer(default=0)  # places they had free
    candidates = Integer(default=0)  # (shift, volunteer) pairs given to the solver
    objective = DoublePrecision(default=0.0)
    bound = DoublePrecision(null=True, default=None)  # the solver's upper bound, if known
    greedy_objective = DoublePrecision(default=0.0)
    solver_status = Varchar(length=32, default="")
    solve_ms = Integer(default=0)


class ProposalLine(TenantOwned, Table, tablename="matching_proposal_line"):
    """One volunteer proposed for one shift. ``score`` and ``reasons`` leave out lived
    experience: it is never stored here, only shown again (while consent lasts) to those
    who may see it."""

    proposal = ForeignKey(Proposal, null=False)
    shift = ForeignKey(Shift, null=False)
    volunteer = ForeignKey(Volunteer, null=False)
    score = DoublePrecision(default=0.0)
    reasons = JSON(default=[])  # [{"code", "params", "points"}]
    status = Varchar(length=16, default="proposed")  # proposed / confirmed / dropped
    invitation = ForeignKey(Invitation, null=True, default=None)
    decided_by = ForeignKey(Person, null=True, default=None)
    decided_at = Timestamptz(null=True, default=None)


class MatchingChange(TenantOwned, Table, tablename="matching_change"):
    """A journal of changes that the feature caches of every process must pick up: written
    in the same transaction as the change (an in-transaction event subscriber), read by
    id. ``volunteer_id`` is a hint, not a link (no foreign key): rows are pruned after a
    couple of days."""

    volunteer_id = Integer()
    event = Varchar(length=32)
    created_at = Timestamptz(default=TimestamptzNow())
