"""Writes of the library, by area: materials (drafts, versions, moderation), collections and
shelves, and what readers do with a material. Other apps call the names below."""

from .collections import (
    collection_add,
    collection_create,
    collection_move,
    collection_remove,
    shelf_add,
    shelf_of,
    shelf_remove,
)
from .materials import (
    ModerationError,
    audiences_text,
    material_create,
    material_downloaded,
    material_publish,
    material_return,
    material_submit,
    material_take,
    material_update,
    material_viewed,
    material_withdraw,
    version_add,
)
from .use import (
    act_adopt,
    complaint_resolve,
    complaint_send,
    learn_answer,
    learn_request,
    use_mark,
)

__all__ = [
    "ModerationError",
    "act_adopt",
    "audiences_text",
    "collection_add",
    "collection_create",
    "collection_move",
    "collection_remove",
    "complaint_resolve",
    "complaint_send",
    "learn_answer",
    "learn_request",
    "material_create",
    "material_downloaded",
    "material_publish",
    "material_return",
    "material_submit",
    "material_take",
    "material_update",
    "material_viewed",
    "material_withdraw",
    "shelf_add",
    "shelf_of",
    "shelf_remove",
    "use_mark",
    "version_add",
]
