"""The OpenAPI side of our JSON APIs (drf-spectacular): the one error shape as a schema
component and the error responses each operation documents, the schema class that adds them
(and describes path ids and form parameters), and the filter that keeps the schema to our own
API prefixes. The error shape itself is produced by xianfeng.api."""

from django.conf import settings
from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers


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
            values = [str(value) for value, _label in field.choices if value != ""]
            # An optional choice may be sent empty (the form reads it as not given).
            schema = {"type": "string", "enum": values if field.required else [*values, ""]}
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


# The OpenAPI schema documents our own DRF APIs. Wagtail's API v2 (and its admin API) is
# documented by Wagtail and is not introspectable by drf-spectacular.
def schema_endpoints(endpoints):
    """drf-spectacular preprocessing hook: keep only the endpoints under our API prefixes."""
    prefixes = settings.API_PATH_PREFIXES
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(prefixes)]
