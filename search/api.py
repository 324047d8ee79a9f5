"""Search for API clients: /api/search/?q= and /api/search/suggest/?q=."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from search import selectors
from search.forms import SearchForm


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


SearchResponse = inline_serializer("SearchResponse", {
    "query": serializers.CharField(),
    "count": serializers.IntegerField(),
    "page": serializers.IntegerField(),
    "pages": serializers.IntegerField(),
    "message": serializers.CharField(help_text="Why there are no results, if known."),
    "did_you_mean": serializers.CharField(),
    "results": HitSerializer(many=True),
})
PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words, a name or pinyin; "
                     "Simplified or Traditional script."),
    OpenApiParameter("type", OpenApiTypes.STR, enum=["profile", "story", "brand"]),
    OpenApiParameter("region", OpenApiTypes.STR, description="Region prefix, e.g. 北京市密云区"),
    OpenApiParameter("org", OpenApiTypes.INT, description="Organisation id (its subtree)"),
    OpenApiParameter("honour", OpenApiTypes.STR, description="Honour title, e.g. 优秀共产党员"),
    OpenApiParameter("page", OpenApiTypes.INT),
]


def error_message(errors) -> str:
    return "；".join(f"{field}: {' '.join(str(e) for e in errs)}"
                    for field, errs in errors.items())


class SearchAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="search", parameters=PARAMETERS,
                   responses={200: SearchResponse, 400: OpenApiTypes.OBJECT,
                              503: OpenApiTypes.OBJECT},
                   summary="Full-text search over profiles, stories and brands")
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            return Response({"detail": error_message(form.errors), "errors": form.errors},
                            status=status.HTTP_400_BAD_REQUEST)
        body = {"query": form.cleaned_data.get("q", ""), "count": 0, "page": 1, "pages": 1,
                "message": "", "did_you_mean": "", "results": []}
        problem = form.problem()
        if problem:
            body["message"] = str(problem)
            return Response(body)
        query = selectors.make_query(**form.query_kwargs())
        try:
            results = selectors.search(query)
        except selectors.SearchUnavailable:
            return Response({"detail": _("Search is unavailable just now. Please try again in "
                                         "a minute.")}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        body.update(count=results.total, page=query.page, pages=results.pages,
                    results=HitSerializer(results.hits, many=True).data)
        if not results.total:
            body["message"] = _("Nothing found.")
            if not form.active_filters:
                body["did_you_mean"] = selectors.did_you_mean(query.q)
        return Response(body)


class SuggestAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="search_suggest",
                   parameters=[OpenApiParameter("q", OpenApiTypes.STR,
                                                description="What has been typed so far")],
                   responses={200: SuggestionSerializer(many=True)},
                   summary="Names as you type (Chinese, pinyin or initials)")
    def get(self, request):
        q = (request.query_params.get("q") or "")[:50]
        return Response(SuggestionSerializer(selectors.suggest(q), many=True).data)
