"""The matching engine's use cases, in one place.

* :func:`rank_volunteers` — the best volunteers for one shift, with readable reasons;
* :func:`propose_assignment` — volunteers for many open shifts at once, stored as a
  proposal; :func:`get_proposal`, :func:`list_proposals`;
* :func:`confirm_line` (an invitation, source "matching") and :func:`drop_line`;
* :func:`get_weights` and :func:`update_weights` — the tenant's weights.
"""

from coalition.matching.cache import invalidate
from coalition.matching.lines import confirm_line, drop_line
from coalition.matching.proposal_view import get_proposal, list_proposals
from coalition.matching.proposals import propose_assignment
from coalition.matching.ranking import rank_volunteers
from coalition.matching.weights import get_weights, update_weights

__all__ = [
    "confirm_line",
    "drop_line",
    "get_proposal",
    "get_weights",
    "invalidate",
    "list_proposals",
    "propose_assignment",
    "rank_volunteers",
    "update_weights",
]
