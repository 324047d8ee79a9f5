"""Search for API clients: /api/search/?q= and /api/search/suggest/?q=."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from search import selectors
from search.forms import MAX_QUERY, SearchForm, SuggestForm
from xianfeng.api import APIError, error_responses, form_parameters, raise_form_errors


class HitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="page_id")
    type = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    score = serializers.FloatField()
    region = serializers.CharField()
    organisation = serializers.CharField()
    title_html = serializers.CharField(help_text="The title with matched words in <mark>.")
    snippet = serializers.CharField(help_text="HTML: a passage with matched words in <mark>.")


class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="page_id")
    type = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()


SearchResponse = inline_serializer(
    "SearchResponse",
    {
        "query": serializers.CharField(),
        "count": serializers.IntegerField(),
        "page": serializers.IntegerField(),
        "pages": serializers.IntegerField(),
        "message": serializers.CharField(help_text="Why there are no results, if known."),
        "did_you_mean": serializers.CharField(),
        "results": HitSerializer(many=True),
    },
)
PARAMETERS = form_parameters(
    SearchForm,
    {
        "q": "Words, a name or pinyin; Simplified or Traditional script. Empty or longer than "
        f"{MAX_QUERY} characters: no results, and a message saying why.",
        "region": "Region prefix, e.g. 北京市密云区",
        "org": "Organisation id (its subtree)",
        "honour": "Honour title, e.g. 优秀共产党员",
        "page": "Page of results; past the last page, the last page.",
    },
)


class SearchAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="search",
        parameters=PARAMETERS,
        responses={200: SearchResponse, **error_responses(400, 503)},
        summary="Full-text search over profiles, stories and brands",
    )
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise_form_errors(form)
        body = {
            "query": form.cleaned_data.get("q", ""),
            "count": 0,
            "page": 1,
            "pages": 1,
            "message": "",
            "did_you_mean": "",
            "results": [],
        }
        problem = form.problem()
        if problem:
            body["message"] = str(problem)
            return Response(body)
        query = selectors.make_query(**form.query_kwargs())
        try:
            results = selectors.search(query)
        except selectors.SearchUnavailable:
            raise APIError(
                code="search_unavailable",
                status=503,
                detail=_("Search is unavailable just now. Please try again in a minute."),
            ) from None
        body.update(
            count=results.total,
            page=query.page,
            pages=results.pages,
            results=HitSerializer(results.hits, many=True).data,
        )
        if not results.total:
            body["message"] = _("Nothing found.")
            if not form.active_filters:
                body["did_you_mean"] = selectors.did_you_mean(query.q)
        return Response(body)


class SuggestAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="search_suggest",
        parameters=form_parameters(
            SuggestForm, {"q": "What has been typed so far (its first 50 characters)"}
        ),
        responses={200: SuggestionSerializer(many=True), **error_responses(400)},
        summary="Names as you type (Chinese, pinyin or initials)",
    )
    def get(self, request):
        form = SuggestForm(request.query_params)
        if not form.is_valid():
            raise_form_errors(form)
        q = form.cleaned_data["q"][:50]
        return Response(SuggestionSerializer(selectors.suggest(q), many=True).data)
