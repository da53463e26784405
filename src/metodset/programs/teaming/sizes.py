"""How many teams, of which sizes: the bounds a coordinator sets, checked and filled.

The refusals are read by the coordinator, so they go through gettext (Russian in the .po)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import npgettext, pgettext


def team_sizes(
    *, applicants: int, min_size: int, max_size: int, teams: int | None = None
) -> tuple[int, ...]:
    """The sizes of the teams, largest first; the fewest teams that fit unless ``teams`` is given.

    With ``k`` teams the sizes are ``n // k`` or one more, which fits the bounds whenever
    ``k * min_size <= n <= k * max_size``. The fewest such ``k`` is ``ceil(n / max_size)``:
    fewer tutors and more varied teams.
    """
    if min_size < 1:
        raise ValueError(_("A team must have at least one person."))
    if min_size > max_size:
        raise ValueError(
            _("The smallest team size (%(min)s) is larger than the largest (%(max)s).")
            % {"min": min_size, "max": max_size}
        )
    if teams is not None and teams < 1:
        raise ValueError(_("There must be at least one team."))
    count = -(-applicants // max_size) if teams is None else teams
    if not count * min_size <= applicants <= count * max_size:
        people = npgettext("split", "%(n)s participant", "%(n)s participants", applicants) % {
            "n": applicants
        }
        into = (
            pgettext("split into", "teams")
            if teams is None
            else npgettext("split into", "%(n)s team", "%(n)s teams", teams) % {"n": teams}
        )
        if min_size == max_size:
            bounds = npgettext("team size", "of %(n)s person", "of %(n)s people", min_size) % {
                "n": min_size
            }
        else:
            bounds = pgettext("team size", "of %(min)s to %(max)s people") % {
                "min": min_size,
                "max": max_size,
            }
        raise ValueError(
            _("Cannot split %(people)s into %(teams)s %(sizes)s")
            % {"people": people, "teams": into, "sizes": bounds}
        )
    base, extra = divmod(applicants, count) if count else (0, 0)
    return tuple(base + 1 if t < extra else base for t in range(count))
