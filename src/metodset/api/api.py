"""The JSON API under /api/ with its OpenAPI schema at /api/openapi.json.

Each capability adds its router in ``routers/`` and mounts it here. Error bodies are
``{"detail": "..."}`` in the request's language (Russian by default); invalid parameters are
422 with ``{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}``, one entry a parameter
(a body that is not JSON is one entry, ``loc`` ``["body"]``).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .auth import API_AUTH
from .routers.accounts import router as accounts_router
from .routers.certificates import router as certificates_router
from .routers.communities import router as communities_router
from .routers.diagnostics import router as diagnostics_router
from .routers.events import router as events_router
from .routers.expertise import router as expertise_router
from .routers.library import router as library_router
from .routers.programs import router as programs_router
from .routers.routes import router as routes_router
from .routers.surveys import router as surveys_router

# The answers every operation may give besides its own (see the handlers below), written into
# the schema so that clients and the fuzz test (tests/api/test_fuzz.py) know them.
_ERROR = {
    "title": "ApiError",
    "type": "object",
    "properties": {"detail": {"title": "Detail", "type": "string"}},
    "required": ["detail"],
}
_INVALID = {
    "title": "ApiValidationError",
    "type": "object",
    "properties": {
        "detail": {
            "title": "Detail",
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
                "required": ["loc", "msg", "type"],
            },
        }
    },
    "required": ["detail"],
}
_COMMON = {
    "401": ("Authentication required", "ApiError"),
    "403": ("No access to this", "ApiError"),
    "404": ("Not found", "ApiError"),
    "422": ("Invalid parameters, one entry a parameter", "ApiValidationError"),
}


class MetodsetAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ApiError", _ERROR)
        components.setdefault("ApiValidationError", _INVALID)
        for operations in schema["paths"].values():
            for operation in operations.values():
                # Ninja keys responses by int; JSON would then hold "404" twice.
                operation["responses"] = {str(k): v for k, v in operation["responses"].items()}
                for status, (description, component) in _COMMON.items():
                    if status == "401" and not operation.get("security"):
                        continue
                    if status == "422" and not (
                        operation.get("parameters") or operation.get("requestBody")
                    ):
                        continue
                    ref = {"$ref": f"#/components/schemas/{component}"}
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": ref}},
                        },
                    )
        return schema


api = MetodsetAPI(
    title="Metodset API",
    version="1",
    description="JSON API of Metodset for integration with regional systems. "
    "Authenticate with a browser session or a personal token: `Authorization: Bearer <token>` "
    "(create one on the «API tokens» page of your profile). Lists are paginated: "
    "`?page=2&page_size=100`.",
    auth=API_AUTH,
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = api.create_response(
        request,
        {"detail": _("Authentication required: log in or send Authorization: Bearer <token>.")},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


# pydantic's error types the callers meet, said in the request's language; others as pydantic says.
_MESSAGES = {
    "less_than_equal": lambda ctx: _("At most %(le)s.") % ctx,
    "greater_than_equal": lambda ctx: _("At least %(ge)s.") % ctx,
    "int_parsing": lambda ctx: _("Enter a whole number."),
    "int_type": lambda ctx: _("Enter a whole number."),
    "enum": lambda ctx: (
        _("Choose one of: %(expected)s.") % {"expected": ctx["expected"].replace("' or '", "', '")}
    ),
    "multiple_of": lambda ctx: _("A multiple of %(multiple_of)s.") % ctx,
    "missing": lambda ctx: _("This parameter is required."),
}


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    problems = []
    for error in exc.errors:
        say = _MESSAGES.get(error.get("type", ""))
        problems.append({**error, "msg": say(error.get("ctx", {})) if say else error["msg"]})
    return api.create_response(request, {"detail": problems}, status=422)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # Ninja answers a body it cannot read (not JSON, not UTF-8) with 400 and a text of its own,
    # raised from the parser's error: an operation's documented 400 is a refusal by its rules
    # (with messages by field), and this is an invalid parameter like any other.
    if exc.status_code == 400 and exc.__cause__ is not None:
        problem = {"loc": ["body"], "msg": _("Send the body as JSON."), "type": "json_invalid"}
        return api.create_response(request, {"detail": [problem]}, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(
        request, {"detail": _("You do not have access to this.")}, status=403
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


api.add_router("/", accounts_router)
api.add_router("/", events_router)
api.add_router("/", programs_router)
api.add_router("/", surveys_router)
api.add_router("/", certificates_router)
api.add_router("/", diagnostics_router)
api.add_router("/", routes_router)
api.add_router("/", communities_router)
api.add_router("/", expertise_router)
api.add_router("/", library_router)
