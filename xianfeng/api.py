"""Our API plumbing: the Wagtail API v2 router (/api/v2/), the one error shape of our JSON
APIs (exception handler, APIError, the error views for /api/ paths and the schema component),
the OpenAPI schema filter and a JSON-only content negotiation for hot endpoints.

Every error of a JSON API answers
    {"code": "<stable machine code>", "detail": "<one message in Chinese>",
     "errors": {"<field>": ["<message>", ...]}}        # "errors" only for field validation
"""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, permissions, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class RefuseNULMixin:
    """Wagtail's API passes query values to the database as they come: a NUL character
    (which PostgreSQL refuses in any string) in ?search=, ?html_path= or ?locale= was a 500.
    Refused here, in Wagtail's own 400 shape ({"message": …})."""

    def initial(self, request, *args, **kwargs):
        if any(
            "\x00" in key or "\x00" in value
            for key, values in request.query_params.lists()
            for value in values
        ):
            raise BadRequestError(_("The query string contains a NUL character."))
        super().initial(request, *args, **kwargs)


class PagesAPI(RefuseNULMixin, PagesAPIViewSet):
    pass


class ImagesAPI(RefuseNULMixin, ImagesAPIViewSet):
    pass


class DocumentsAPI(RefuseNULMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPI)
api_router.register_endpoint("images", ImagesAPI)
api_router.register_endpoint("documents", DocumentsAPI)


class APIError(exceptions.APIException):
    """A refusal from a service or view: `raise APIError(code="pledge_closed",
    detail=_("…"), status=409)`; `errors` ({field: [message]}) when it is about fields."""

    def __init__(self, *, code, detail, status=400, errors=None):
        self.status_code = status
        self.errors = errors
        super().__init__(detail=detail, code=code)


def error_body(code, detail, errors=None):
    body = {"code": code, "detail": str(detail)}
    if errors:
        body["errors"] = errors
    return body


def field_errors(detail, prefix=""):
    """DRF's nested error detail as {"field": ["message", ...]}, nested fields joined by dots
    ("events.0.section"), the form-wide messages under ""."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            name = "" if key in (api_settings.NON_FIELD_ERRORS_KEY, "__all__") else str(key)
            flat.update(
                field_errors(value, f"{prefix}.{name}" if prefix and name else prefix or name)
            )
        return flat
    if isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            if item:
                flat.update(field_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix: [str(message) for message in messages]}


def first_code(codes, default):
    """The first machine code in DRF's get_codes() (a string, a list or a dict of them)."""
    if isinstance(codes, str):
        return codes
    values = codes.values() if isinstance(codes, dict) else codes or ()
    for value in values:
        code = first_code(value, None)
        if code:
            return code
    return default


def exception_body(exc):
    """The error shape for an APIException."""
    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        general = errors.pop("", [])
        if not errors:
            # Not about a field: one message, with its own code ("invalid" unless given).
            return error_body(first_code(exc.get_codes(), "invalid"), " ".join(general))
        detail = " ".join(general) or _("Some fields are not valid; see “errors”.")
        return error_body("invalid", detail, errors)
    if isinstance(exc, exceptions.ParseError) and str(exc.detail).startswith(
        ("JSON parse error", "Multipart form parse error")
    ):
        # DRF's parsers put the parser's English message here.
        return error_body(
            "parse_error",
            _("The request body could not be read: it is not valid JSON or form data."),
        )
    errors = getattr(exc, "errors", None)
    if isinstance(exc.detail, (dict, list)):
        flat = field_errors(exc.detail)
        general = flat.pop("", [])
        errors = errors or flat or None
        detail = " ".join(general) or _("Some fields are not valid; see “errors”.")
    else:
        detail = exc.detail
    return error_body(first_code(exc.get_codes(), exc.default_code), detail, errors)


DJANGO_NOT_FOUND = re.compile(r"^(No .* matches the given query\.)?$")


def api_exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every refusal in the one error shape.

    Django's own Http404, PermissionDenied and ValidationError (which services raise) become
    DRF's. Anything else is a bug: it propagates, Django logs it, and server_error() below
    answers the JSON 500."""
    if isinstance(exc, Http404):
        # get_object_or_404's Http404 carries Django's English debug text ("No Pledge matches
        # the given query."): that becomes our own message; ours (in Chinese) are kept.
        message = str(exc.args[0]) if exc.args else ""
        exc = exceptions.NotFound(None if DJANGO_NOT_FOUND.match(message) else message or None)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(
                {
                    field: [message for error in errors for message in error.messages]
                    for field, errors in exc.error_dict.items()
                }
            )
        else:
            exc = exceptions.ValidationError(
                " ".join(exc.messages), code=getattr(exc, "code", None) or "invalid"
            )
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = f"{int(exc.wait)}"
    set_rollback()
    return Response(exception_body(exc), status=exc.status_code, headers=headers)


# Error views (handler404/handler500/...): JSON under /api/, the usual pages elsewhere.
def is_api_request(request):
    return request.path_info.startswith("/api/")


def json_error(status, code, detail):
    response = JsonResponse(
        error_body(code, detail), status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception):
    if is_api_request(request):
        return json_error(400, "bad_request", _("The request could not be understood."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api_request(request):
        return json_error(403, "permission_denied", _("You do not have permission to do this."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api_request(request):
        return json_error(404, "not_found", _("There is nothing at this address."))
    return defaults.page_not_found(request, exception)


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    return page_not_found(request, Http404())


def server_error(request):
    # Django has already logged the exception (django.request) before calling this.
    if is_api_request(request):
        return json_error(
            500, "server_error", _("Something went wrong on the server. Please try again later.")
        )
    return defaults.server_error(request)


# The error responses in the OpenAPI schema.
class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=gettext_lazy("A stable machine code, e.g. `not_found`, `invalid`, `throttled`.")
    )
    detail = serializers.CharField(help_text=gettext_lazy("One message for people, in Chinese."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=gettext_lazy(
            "For field validation only: the messages of each field (nested fields joined by "
            'dots, form-wide messages under "").'
        ),
    )


ERROR_DESCRIPTIONS = {
    400: gettext_lazy("The request is not valid (field errors in `errors`)."),
    401: gettext_lazy("Not signed in (token authentication)."),
    403: gettext_lazy("Not signed in, or not allowed."),
    404: gettext_lazy("Not found."),
    405: gettext_lazy("Method not allowed."),
    406: gettext_lazy("The Accept header asks for a format this endpoint does not answer."),
    409: gettext_lazy("Conflicts with the current state."),
    413: gettext_lazy("The request is too large."),
    415: gettext_lazy("Unsupported request media type."),
    422: gettext_lazy("Understood but refused."),
    429: gettext_lazy("Too many requests; `Retry-After` says when to try again."),
    503: gettext_lazy("Temporarily unavailable."),
}


def error_response(status, description=None):
    """An OpenApiResponse for an error status, in the one error shape."""
    return OpenApiResponse(
        ErrorSerializer,
        description=description or ERROR_DESCRIPTIONS.get(status, gettext_lazy("Error.")),
    )


def error_responses(*statuses):
    """{status: OpenApiResponse} to merge into extend_schema(responses=...):
    responses={200: X, **error_responses(400, 404)}."""
    return {status: error_response(status) for status in statuses}


class ErrorDocumentingAutoSchema(AutoSchema):
    """REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]: drf-spectacular's schema, plus the error
    responses every operation can give by how DRF runs it, so a client generated from the
    schema knows them all (a view documents its own refusals, 409 or 422, in extend_schema):

    - 401 (token authentication first) or 403: bad credentials; 403 also for a permission
      refused or a missing CSRF token on a write;
    - 404: an object named in the path that does not exist, a page number past the end;
    - 400 and 415: a write's body that is not valid, or not JSON or form data;
    - 429: a view with throttles.
    """

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            for status in sorted(self.error_statuses()):
                responses.setdefault(
                    str(status),
                    self._get_response_for_code(
                        error_response(status), str(status), direction=direction
                    ),
                )
        return responses

    def _resolve_path_parameters(self, variables):
        # A view names the ids in its path: path_ids = {"claim_id": gettext_lazy("The claim's
        # id.")}; drf-spectacular has no description for an id without a model queryset.
        parameters = super()._resolve_path_parameters(variables)
        described = getattr(self.view, "path_ids", {})
        for parameter in parameters:
            if parameter["name"] in described:
                parameter["description"] = described[parameter["name"]]
        return parameters

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # DRF's CharField refuses NUL characters (ProhibitNullCharactersValidator): say so, for
        # what clients send. Non-empty: drf-spectacular adds "" as its own option if allowed.
        if (
            direction == "request"
            and not field.read_only
            and isinstance(field, serializers.CharField)
            and schema.get("type") == "string"
            and not {"pattern", "format", "enum", "oneOf"} & set(schema)
        ):
            schema["pattern"] = "^[^\\u0000]+$"
        return schema

    def throttled(self, throttle, writes):
        from xianfeng.throttles import WriteThrottle

        # Ours count writes only, unless the view counts reads too.
        return (
            writes
            or not isinstance(throttle, WriteThrottle)
            or getattr(self.view, "throttle_safe_methods", False)
        )

    def error_statuses(self):
        view = self.view
        statuses = set()
        authenticators = view.get_authenticators()
        if authenticators:
            try:
                challenge = authenticators[0].authenticate_header(view.request)
            except Exception:  # noqa: BLE001 - an authenticator that needs a real request: assume none
                challenge = None
            statuses.add(401 if challenge else 403)
        writes = self.method not in ("GET", "HEAD", "OPTIONS")
        if writes or any(
            not isinstance(permission, permissions.AllowAny)
            for permission in view.get_permissions()
        ):
            statuses.add(403)
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            statuses.add(404)
        if writes:
            statuses.update((400, 415))
        if any(self.throttled(throttle, writes) for throttle in view.get_throttles()):
            statuses.add(429)
        return statuses


# Query strings read with a Django form: the form's own rules, stated in the schema.
NO_NUL = "^[^\\u0000]*$"  # Django's CharField refuses NUL characters


def form_parameters(form_class, descriptions=None):
    """OpenApiParameters (query) for the fields of a Django form, with the constraints the
    form enforces: types, choices, integer bounds, lengths. `descriptions`: {field: text}."""
    from django import forms
    from drf_spectacular.utils import OpenApiParameter

    descriptions = descriptions or {}
    parameters = []
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.IntegerField):
            schema = {"type": "integer"}
            for key, value in (("minimum", field.min_value), ("maximum", field.max_value)):
                if value is not None:
                    schema[key] = value
        elif isinstance(field, forms.ChoiceField):
            schema = {
                "type": "string",
                "enum": [str(value) for value, _label in field.choices if value != ""],
            }
        elif isinstance(field, forms.DateField):
            schema = {"type": "string", "format": "date"}
        else:
            schema = {"type": "string", "pattern": NO_NUL}
            if getattr(field, "max_length", None):
                schema["maxLength"] = field.max_length
        parameters.append(
            OpenApiParameter(
                name,
                schema,
                OpenApiParameter.QUERY,
                required=field.required,
                description=descriptions.get(name) or str(field.help_text or field.label or ""),
            )
        )
    return parameters


def raise_refusal(error):
    """A service's refusal of a request the schema allows (Django's ValidationError or
    PermissionDenied), so that 400 always means "not as the schema says":

    - PermissionDenied: 403;
    - about fields (a date in the past, a category this wall does not have): 422, with
      "errors" by field;
    - about the state of things (a closed wall, a finished pledge, a limit reached): 409;
    - a rate limit the service keeps itself (code "throttled", params["wait"]): 429.
    """
    if isinstance(error, DjangoPermissionDenied):
        raise exceptions.PermissionDenied(*error.args) from None
    if getattr(error, "code", None) == "throttled":  # a service's own limit: 429, not 409
        raise exceptions.Throttled(
            wait=(error.params or {}).get("wait"), detail=" ".join(error.messages)
        ) from None
    if hasattr(error, "error_dict"):
        errors = {
            field: [message for item in items for message in item.messages]
            for field, items in error.error_dict.items()
        }
        general = errors.pop("__all__", [])
        raise APIError(
            code="invalid",
            status=422,
            errors=errors or None,
            detail=" ".join(general) or _("Some fields are not valid; see “errors”."),
        ) from None
    raise APIError(
        code=getattr(error, "code", None) or "conflict", status=409, detail=" ".join(error.messages)
    ) from None


def raise_form_errors(form):
    """A Django form's errors as the API's 400 (errors by field, form-wide ones under "")."""
    raise exceptions.ValidationError(
        {
            field or api_settings.NON_FIELD_ERRORS_KEY: [error["message"] for error in errors]
            for field, errors in form.errors.get_json_data().items()
        }
    )


# The OpenAPI schema documents our own DRF APIs. Wagtail's API v2 (and its admin API) is
# documented by Wagtail and is not introspectable by drf-spectacular.
def schema_endpoints(endpoints):
    """drf-spectacular preprocessing hook: keep only the endpoints under our API prefixes."""
    prefixes = settings.API_PATH_PREFIXES
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(prefixes)]


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """For endpoints that answer JSON only: the first renderer, whatever the client's Accept
    header says, without parsing it (the custom negotiation DRF's docs describe)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
