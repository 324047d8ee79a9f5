"""Our API plumbing: the Wagtail API v2 router (/api/v2/), the one error shape of our JSON
APIs (exception handler, APIError, the error views for /api/ paths and the schema component),
and a JSON-only content negotiation for hot endpoints (the OpenAPI side: xianfeng.api_docs).

Every error of a JSON API answers
    {"code": "<stable machine code>", "detail": "<one message in Chinese>",
     "errors": {"<field>": ["<message>", ...]}}        # "errors" only for field validation
"""

import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
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


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """For endpoints that answer JSON only: the first renderer, whatever the client's Accept
    header says, without parsing it (the custom negotiation DRF's docs describe)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
