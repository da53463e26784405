"""The library: methodical materials with versions and moderation, collections and cases,
their use, the «Хочу научиться» requests of quanta of practice, and adopted local acts."""

from .collections import Collection, CollectionItem
from .materials import Audience, Licence, Material, MaterialVersion, ModerationEntry
from .use import AdoptedAct, Complaint, LearnRequest, MaterialUse

__all__ = [
    "AdoptedAct",
    "Audience",
    "Collection",
    "CollectionItem",
    "Complaint",
    "LearnRequest",
    "Licence",
    "Material",
    "MaterialUse",
    "MaterialVersion",
    "ModerationEntry",
]
