"""The visitor's search page at /search/ (works without JavaScript)."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _

from search import selectors
from search.forms import SearchForm


def search_page(request):
    form = SearchForm(request.GET or None)
    context = {
        "form": form,
        "search_q": request.GET.get("q", "")[:200],
        "choices": selectors.filter_choices(),
        "results": None,
        "message": "",
        "did_you_mean": "",
        "type_labels": selectors.TYPE_LABELS,
    }
    status = 200
    if request.GET and form.is_valid():
        problem = form.problem()
        if problem and form.cleaned_data.get("q"):
            context["message"] = problem
        elif not problem:
            query = selectors.make_query(**form.query_kwargs())
            try:
                results = selectors.search(query)
            except selectors.SearchUnavailable:
                context["message"] = _(
                    "Search is unavailable just now. Please try again in a minute."
                )
                status = 503
            else:
                context["results"] = results
                if not results.total and not form.active_filters:
                    context["did_you_mean"] = selectors.did_you_mean(query.q)
                params = {k: v for k, v in request.GET.items() if k != "page" and v}
                context["querystring"] = urlencode(params)
    elif request.GET:
        context["message"] = _("Some filters are not valid; check them and search again.")
    return render(request, "search/search.html", context, status=status)
