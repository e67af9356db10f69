"""Properties over random small instances, judged by an oracle that reads the hard rules
straight from datetimes: no ranking and no proposal ever breaks one."""

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalition.matching.planning import plan
from coalition.matching.scoring import rank
from coalition.matching.solver import FILL, greedy, solve
from tests.coalition.matching.instances import Instance, broken_rules, eligible, instances

WEIGHTS = {
    "skills": 1.0,
    "proximity": 1.0,
    "fairness": 0.6,
    "reliability": 0.8,
    "lived_experience": 1.0,
}
caps = st.one_of(st.none(), st.integers(1, 2))


@pytest.fixture(scope="session")
def engine(sqlite_engine):
    """These properties need no database: they run once, not once per engine."""
    return sqlite_engine


def proposed(inst: Instance, planned, chosen: np.ndarray) -> set[tuple[int, int]]:
    p = planned.problem
    return {
        (int(p.shift_ids[p.pair_shift[i]]), int(p.pair_volunteer[i]))
        for i in np.flatnonzero(chosen)
    }


def planned_for(inst: Instance, shifts=None, per_shift_cap=None, total_cap=None):
    features = inst.features()
    shifts = shifts or inst.shifts
    return plan(
        features,
        inst.bookings(features),
        [inst.spec(s) for s in shifts],
        [s.places for s in shifts],
        WEIGHTS,
        per_shift_cap=per_shift_cap,
        total_cap=total_cap,
    )


@settings(max_examples=30, deadline=None)
@given(instances())
def test_a_ranking_holds_exactly_those_who_pass_every_hard_rule(inst: Instance) -> None:
    features = inst.features()
    bookings = inst.bookings(features)
    for shift in inst.shifts:
        ranked = rank(features, bookings, inst.spec(shift), WEIGHTS, k=len(inst.volunteers))
        got = features.ids[ranked.parts.rows].tolist()
        expected = {v.id for v in inst.volunteers if eligible(inst, v, shift)}
        assert set(got) == expected
        assert ranked.eligible == len(expected)
        order = list(zip((-ranked.total).tolist(), got, strict=True))
        assert order == sorted(order)  # best first, ties by id


@settings(max_examples=30, deadline=None)
@given(instances(), caps, caps)
def test_a_proposal_never_breaks_a_hard_rule(inst: Instance, per_shift, total) -> None:
    planned = planned_for(inst, per_shift_cap=per_shift, total_cap=total)
    solution = solve(planned.problem)
    baseline = greedy(planned.problem)

    for answer in (solution, baseline):
        chosen = proposed(inst, planned, answer.chosen)
        assert broken_rules(inst, chosen, per_shift_cap=per_shift, total_cap=total) == []
    assert solution.status == "optimal"
    assert solution.value >= baseline.value * (1 - 1e-3) - 1e-9


@settings(max_examples=30, deadline=None)
@given(instances(max_volunteers=4, max_shifts=4), caps, caps)
def test_the_solver_finds_the_best_assignment_of_small_instances(
    inst: Instance, per_shift, total
) -> None:
    planned = planned_for(inst, per_shift_cap=per_shift, total_cap=total)
    p = planned.problem
    pairs = list(range(p.size))
    if len(pairs) > 12:
        pairs = pairs[:12]
    best = 0.0
    for size in range(len(pairs) + 1):
        for subset in combinations(pairs, size):
            chosen = np.zeros(p.size, dtype=bool)
            chosen[list(subset)] = True
            rules = broken_rules(
                inst, proposed(inst, planned, chosen), per_shift_cap=per_shift, total_cap=total
            )
            if not rules:
                best = max(best, float((p.pair_score[chosen] + FILL).sum()))
    solution = solve(p)
    assert solution.value >= best * (1 - 1e-3) - 1e-9


@settings(max_examples=30, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_a_proposal_does_not_depend_on_the_order_of_its_shifts(inst: Instance, rnd) -> None:
    shuffled = list(inst.shifts)
    rnd.shuffle(shuffled)
    first = planned_for(inst)
    second = planned_for(inst, shifts=shuffled)

    assert proposed(inst, first, solve(first.problem).chosen) == proposed(
        inst, second, solve(second.problem).chosen
    )
