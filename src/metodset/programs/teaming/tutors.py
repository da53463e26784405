"""A tutor for each team: balanced loads, tutors from outside the team's organisations
preferred (a minimum-cost flow)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from .data import Applicant


def assign_tutors(
    teams: Sequence[Sequence[Applicant]],
    tutors: Sequence[int],
    *,
    tutor_organization: Mapping[int, int] | None = None,
) -> tuple[int, ...]:
    """A tutor id for each team: loads within one of each other, outsiders preferred.

    A minimum-cost flow gives each tutor ``T // m`` or ``T // m + 1`` of the ``T`` teams and
    minimises the teammates who share their tutor's organisation; among equally good answers
    it keeps the round-robin one (team ``i`` to the ``i % m``-th tutor by id), so the result
    depends only on the teams' order and the set of tutors.
    """
    if not teams:
        return ()
    people = sorted(set(tutors))
    if not people:
        raise ValueError(_("No tutors: add at least one tutor to the programme."))
    from ortools.graph.python import min_cost_flow  # imported on use, like CP-SAT above

    home = tutor_organization or {}
    count, tutor_count = len(teams), len(people)
    base, extra = divmod(count, tutor_count)
    source, spare, sink = 0, 1, 2
    tutor_node = [3 + j for j in range(tutor_count)]
    team_node = [3 + tutor_count + i for i in range(count)]
    flow = min_cost_flow.SimpleMinCostFlow()
    for j in range(tutor_count):
        flow.add_arc_with_capacity_and_unit_cost(source, tutor_node[j], base, 0)
        flow.add_arc_with_capacity_and_unit_cost(spare, tutor_node[j], 1, 0)
    flow.add_arc_with_capacity_and_unit_cost(source, spare, extra, 0)
    choice: dict[int, tuple[int, int]] = {}
    for i, team in enumerate(teams):
        organizations = [a.organization for a in team]
        for j, tutor in enumerate(people):
            shared = organizations.count(home[tutor]) if tutor in home else 0
            # A shared teammate outweighs any amount of departure from round-robin.
            cost = shared * (count + 1) + (0 if i % tutor_count == j else 1)
            arc = flow.add_arc_with_capacity_and_unit_cost(tutor_node[j], team_node[i], 1, cost)
            choice[arc] = (i, tutor)
        flow.add_arc_with_capacity_and_unit_cost(team_node[i], sink, 1, 0)
    flow.set_node_supply(source, count)
    flow.set_node_supply(sink, -count)
    if flow.solve() != flow.OPTIMAL:  # cannot happen: the network always carries every team
        raise RuntimeError("tutor assignment has no solution")
    assigned = [0] * count
    for arc, (i, tutor) in choice.items():
        if flow.flow(arc):
            assigned[i] = tutor
    return tuple(assigned)
