"""Expertise: rubrics, campaigns with their items and experts, reviews and conclusions, contests.

- ``rubrics``: criteria sets with levels, weights and critical criteria, versioned;
- ``campaigns``: a campaign, the items it examines with authors and versions, experts'
  profiles, declared conflicts and bids;
- ``reviews``: an expert's review of an item version (assignment, draft, conclusion) and the
  coordinator's decisions;
- ``contests``: contests with nominations on top of a campaign;
- ``conference``: conferences with sections, defences and the jury's protocols;
- ``collective``: the collective product compiled from a campaign's recommended works.
"""

from .campaigns import Bid, Campaign, Conflict, ExpertProfile, Item, ItemAuthor, ItemVersion
from .collective import CollectivePart, CollectiveProduct, CollectiveVersion
from .conference import Conference, Defence, DefenceProtocol, DefenceScore, Section
from .contests import Contest, ContestDiploma, Nomination
from .reviews import Decision, Review, ReviewScore
from .rubrics import Criterion, LevelDescriptor, Rubric

__all__ = [
    "Bid",
    "Campaign",
    "CollectivePart",
    "CollectiveProduct",
    "CollectiveVersion",
    "Conference",
    "Conflict",
    "Contest",
    "ContestDiploma",
    "Criterion",
    "Decision",
    "Defence",
    "DefenceProtocol",
    "DefenceScore",
    "ExpertProfile",
    "Item",
    "ItemAuthor",
    "ItemVersion",
    "LevelDescriptor",
    "Nomination",
    "Review",
    "ReviewScore",
    "Section",
    "Rubric",
]
