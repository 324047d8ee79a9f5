"""Search for API clients: /api/search/?q= and /api/search/suggest/?q=."""

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from search import selectors
from search.forms import MAX_QUERY, SearchForm, SuggestForm
from xianfeng.api import APIError, raise_form_errors
from xianfeng.api_docs import error_responses, form_parameters

ID = gettext_lazy("The page's id.")
TYPE = gettext_lazy("What the page is: profile, story or brand.")
TITLE = gettext_lazy("The page's title.")
URL = gettext_lazy("The page's path on the site.")


class HitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="page_id", help_text=ID)
    type = serializers.CharField(help_text=TYPE)
    title = serializers.CharField(help_text=TITLE)
    url = serializers.CharField(help_text=URL)
    score = serializers.FloatField(help_text=gettext_lazy("Relevance: higher ranks first."))
    region = serializers.CharField(help_text=gettext_lazy("The region the page is about."))
    organisation = serializers.CharField(
        help_text=gettext_lazy("The organisation the page belongs to.")
    )
    title_html = serializers.CharField(
        help_text=gettext_lazy("The title with matched words in `<mark>`.")
    )
    snippet = serializers.CharField(
        help_text=gettext_lazy("HTML: a passage with matched words in `<mark>`.")
    )


class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="page_id", help_text=ID)
    type = serializers.CharField(help_text=TYPE)
    title = serializers.CharField(help_text=TITLE)
    url = serializers.CharField(help_text=URL)


SearchResponse = inline_serializer(
    "SearchResponse",
    {
        "query": serializers.CharField(help_text=gettext_lazy("The words searched for.")),
        "count": serializers.IntegerField(help_text=gettext_lazy("How many pages match.")),
        "page": serializers.IntegerField(help_text=gettext_lazy("This page of results.")),
        "pages": serializers.IntegerField(help_text=gettext_lazy("How many pages of results.")),
        "message": serializers.CharField(
            help_text=gettext_lazy("Why there are no results, if known.")
        ),
        "did_you_mean": serializers.CharField(
            help_text=gettext_lazy("A query that would find something, if any.")
        ),
        "results": HitSerializer(many=True, help_text=gettext_lazy("The matches, best first.")),
    },
)
PARAMETERS = form_parameters(
    SearchForm,
    {
        "q": format_lazy(
            gettext_lazy(
                "Words, a name or pinyin; Simplified or Traditional script. Empty or longer "
                "than {n} characters: no results, and `message` says why."
            ),
            n=MAX_QUERY,
        ),
        "region": gettext_lazy("Region prefix, e.g. 北京市密云区"),
        "org": gettext_lazy("Organisation id (its subtree)"),
        "honour": gettext_lazy("Honour title, e.g. 优秀共产党员"),
        "page": gettext_lazy("Page of results; past the last page, the last page."),
    },
)


class SearchAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="search",
        parameters=PARAMETERS,
        responses={200: SearchResponse, **error_responses(400, 503)},
        summary=gettext_lazy("Full-text search over profiles, stories and brands"),
        description=gettext_lazy(
            "Profiles, stories and brands matching the words, filtered by region, "
            "organisation and honour; Simplified, Traditional script and pinyin alike."
        ),
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
            SuggestForm,
            {"q": gettext_lazy("What has been typed so far (its first 50 characters)")},
        ),
        responses={200: SuggestionSerializer(many=True), **error_responses(400)},
        summary=gettext_lazy("Names as you type (Chinese, pinyin or initials)"),
        description=gettext_lazy(
            "Page titles that begin with what has been typed, in characters, pinyin or "
            "pinyin initials, for a search box's suggestions."
        ),
    )
    def get(self, request):
        form = SuggestForm(request.query_params)
        if not form.is_valid():
            raise_form_errors(form)
        q = form.cleaned_data["q"][:50]
        return Response(SuggestionSerializer(selectors.suggest(q), many=True).data)
