"""The pledge API's documentation (OpenAPI, drf-spectacular): what each operation of
cms.pledges.api takes and returns, its summary and description, kept apart from the views.
The views' docstrings are for the code's readers; these texts are for the API's, in Chinese
through the catalogue. cms.pledges.api calls document() once its views are defined."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers

from cms.pledges import services
from cms.pledges.serializers import (
    OwnPledgeSerializer,
    PledgeSerializer,
    PostSerializer,
    ProgressSerializer,
    WallPledgesQuery,
)
from xianfeng.api_docs import error_response, error_responses


def _note(**constraints):
    return {
        "type": "string",
        "maxLength": services.NOTE_MAX,
        "description": gettext_lazy("A note on the outcome."),
        **constraints,
    }


def _fulfilled(value):
    return {
        "type": "boolean",
        "enum": [value],
        "description": gettext_lazy("Whether the pledge was fulfilled."),
    }


# The outcome's note is required when the pledge was not fulfilled: two shapes (oneOf).
OUTCOME_REQUEST = {
    "application/json": {
        "oneOf": [
            {
                "type": "object",
                "title": gettext_lazy("Fulfilled"),
                "required": ["fulfilled"],
                "properties": {"fulfilled": _fulfilled(True), "note": _note()},
            },
            {
                "type": "object",
                "title": gettext_lazy("Not fulfilled"),
                "required": ["fulfilled", "note"],
                "properties": {
                    "fulfilled": _fulfilled(False),
                    "note": _note(
                        minLength=services.NOTE_MIN,
                        description=gettext_lazy("Why the pledge was not fulfilled."),
                    ),
                },
            },
        ]
    }
}


LIKE_RESULT = inline_serializer(
    "LikeResult",
    {
        "liked": serializers.BooleanField(
            help_text=gettext_lazy("True when this request added the like.")
        ),
        "like_count": serializers.IntegerField(help_text=gettext_lazy("How many likes it has.")),
    },
)


LIKER_TOKEN = inline_serializer(
    "LikerToken",
    {
        "token": serializers.CharField(
            help_text=gettext_lazy("Send it in the X-Liker-Token header with a like.")
        ),
        "expires_in": serializers.IntegerField(
            help_text=gettext_lazy("Seconds the token stays valid.")
        ),
    },
)

LIKE_COUNTS = inline_serializer(
    "LikeCounts",
    {
        "counts": serializers.DictField(
            child=serializers.IntegerField(),
            help_text=gettext_lazy("Like count by pledge id."),
        ),
        "liked": serializers.ListField(
            child=serializers.IntegerField(),
            help_text=gettext_lazy("Ids of the pledges this visitor liked."),
        ),
    },
)

# What each operation takes and returns, beyond what the view's serializer_class says:
# {view name: {method: extend_schema keyword arguments}}.
SCHEMAS = {
    "WallPledges": {
        "get": {
            "parameters": [WallPledgesQuery],
            "responses": {200: PledgeSerializer(many=True), **error_responses(400)},
        },
        "post": {
            "request": PostSerializer,
            "responses": {201: OwnPledgeSerializer, **error_responses(409, 422)},
        },
    },
    "PledgeDetail": {"get": {"responses": OwnPledgeSerializer}},
    "ProgressCreate": {
        "post": {
            "request": ProgressSerializer,
            "responses": {201: OwnPledgeSerializer, **error_responses(409, 422)},
        }
    },
    "OutcomeReport": {
        "post": {
            "request": OUTCOME_REQUEST,
            "responses": {200: OwnPledgeSerializer, **error_responses(409, 422)},
        }
    },
    "LikerToken": {"get": {"responses": LIKER_TOKEN}},
    "LikeCreate": {
        "post": {
            "request": None,
            "parameters": [
                OpenApiParameter(
                    "X-Liker-Token",
                    str,
                    OpenApiParameter.HEADER,
                    required=False,
                    description=gettext_lazy(
                        "For a visitor without an account: a token from /api/pledges/liker-token/ "
                        "(valid 15 minutes, from the same address)."
                    ),
                )
            ],
            "responses": {
                200: LIKE_RESULT,
                201: LIKE_RESULT,
                403: error_response(
                    403,
                    gettext_lazy(
                        "Sent from another site, or the liker token is forged, "
                        "expired or from another address."
                    ),
                ),
                428: error_response(
                    428, gettext_lazy("A visitor without an account sent no liker token.")
                ),
            },
        }
    },
    "LikeCounts": {
        "get": {
            "parameters": [
                OpenApiParameter(
                    "ids",
                    str,
                    description=gettext_lazy(
                        "Pledge ids separated by commas, e.g. 1,2,3: the first 100; what is not "
                        "an id is left out."
                    ),
                )
            ],
            "responses": LIKE_COUNTS,
        }
    },
}


# The <id:…> converter's range (xianfeng/converters.py), kept with the description.
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def _described(name, method, summary, description):
    schema = dict(SCHEMAS.get(name, {}).get(method, {}))
    schema["parameters"] = [
        OpenApiParameter(key, ID_SCHEMA, OpenApiParameter.PATH, description=text)
        for key, text in PATH_IDS.get(name, {}).items()
    ] + schema.get("parameters", [])
    return extend_schema(summary=summary, description=description, **schema)


# What each operation does, for the API documentation (instead of the docstrings, which are
# for the code's readers).
OPERATIONS = {
    "WallList": {
        "get": (
            gettext_lazy("Pledge walls"),
            gettext_lazy("The pledge walls on the site, newest first."),
        )
    },
    "WallDetail": {
        "get": (
            gettext_lazy("A pledge wall"),
            gettext_lazy("One pledge wall: its dates, categories and rules."),
        )
    },
    "WallPledges": {
        "get": (
            gettext_lazy("Pledges on a wall"),
            gettext_lazy("The wall's public pledges, filtered by category and status."),
        ),
        "post": (
            gettext_lazy("Post a pledge"),
            gettext_lazy(
                "A signed-in member posts a pledge on the wall (409 when the wall is closed or "
                "the member has posted as many as it allows; 422 for what the form would "
                "refuse)."
            ),
        ),
    },
    "PledgeDetail": {
        "get": (
            gettext_lazy("A pledge"),
            gettext_lazy(
                "One pledge with its progress notes; its author also sees review details."
            ),
        )
    },
    "MyPledges": {
        "get": (
            gettext_lazy("My pledges"),
            gettext_lazy(
                "The signed-in member's own pledges, in every status, with reasons for rejections."
            ),
        )
    },
    "ProgressCreate": {
        "post": (
            gettext_lazy("Add progress"),
            gettext_lazy("The pledge's author adds a progress note."),
        )
    },
    "OutcomeReport": {
        "post": (
            gettext_lazy("Report the outcome"),
            gettext_lazy(
                "The pledge's author reports it fulfilled or not; not fulfilled needs a note."
            ),
        )
    },
    "LikerToken": {
        "get": (
            gettext_lazy("Liker token"),
            gettext_lazy(
                "A short-lived token that lets a visitor without an account like pledges; the "
                "wall's script asks for it before the first like. Sets the liker cookie."
            ),
        )
    },
    "LikeCreate": {
        "post": (
            gettext_lazy("Like a pledge"),
            gettext_lazy(
                "Like a pledge once. Signed-in members send the CSRF token; visitors without an "
                "account send from this site's pages with a liker token."
            ),
        )
    },
    "LikeCounts": {
        "get": (
            gettext_lazy("Like counts"),
            gettext_lazy(
                "Current like counts, and which of them this visitor liked, for pledges shown "
                "on a cached page."
            ),
        )
    },
}

_PLEDGE_ID = {"id": gettext_lazy("The pledge's id.")}
PATH_IDS = {
    "WallDetail": {"id": gettext_lazy("The wall's id.")},
    "WallPledges": {"wall_id": gettext_lazy("The wall's id.")},
    "PledgeDetail": _PLEDGE_ID,
    "ProgressCreate": _PLEDGE_ID,
    "OutcomeReport": _PLEDGE_ID,
    "LikeCreate": _PLEDGE_ID,
}


def document(views):
    """Attach the documentation to the views ({name: view class}, the API module's globals)."""
    for name, methods in OPERATIONS.items():
        view = views[name]
        extend_schema(tags=["pledges"])(view)
        extend_schema_view(
            **{method: _described(name, method, *text) for method, text in methods.items()}
        )(view)
