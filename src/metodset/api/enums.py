"""Model choices under names of their own in the OpenAPI schema.

pydantic names an enum's schema component after its class, and Django's choices are nested
classes with short names (``Event.Kind``, ``Program.Kind``, ``Route.Status``...): in one schema
every ``Kind`` became one component with one set of values, and generated clients rejected
valid data. A router declares the choices it gives or takes as
``EventKind = choices_enum("EventKind", Event.Kind)``: the same values under a unique name.
"""

from enum import StrEnum

from django.db.models import TextChoices


def choices_enum(name: str, choices: type[TextChoices]) -> type[StrEnum]:
    """A plain string enum with the values of ``choices``, named ``name`` in the schema."""
    # mypy reads the functional API only with a literal name; here the name is the point.
    members = [(member.name, member.value) for member in choices]
    enum = StrEnum(name, members, module=__name__)  # type: ignore[misc]
    enum.__doc__ = f"The values of {choices.__module__}.{choices.__qualname__}."
    return enum
