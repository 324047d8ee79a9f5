"""The visitor's search request, validated the same way for the page and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from search import analysis
from search.selectors import TYPE_CHOICES
from xianfeng.converters import MAX_ID

MAX_QUERY = analysis.MAX_QUERY_CHARS


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types"))] + TYPE_CHOICES
    )
    region = forms.CharField(label=_("Region"), required=False, max_length=80)
    # An id past the database's range would fail the query, not match nothing.
    org = forms.IntegerField(label=_("Organisation"), required=False, min_value=1, max_value=MAX_ID)
    honour = forms.CharField(label=_("Honour"), required=False, max_length=80)
    page = forms.IntegerField(required=False, min_value=1)

    def problem(self):
        """Why this query cannot be searched (a message for the visitor), or None."""
        q = self.cleaned_data.get("q", "")
        if len(q) > MAX_QUERY:
            return _("Your search is too long: use at most %(n)s characters.") % {"n": MAX_QUERY}
        if not q:
            return _("Type a name, a place or a few words to search for.")
        if analysis.AnalysedQuery(q).is_empty:
            return _("Your search has no words we can look for. Try a name or a few words.")
        return None

    def query_kwargs(self):
        data = self.cleaned_data
        return {
            "q": data.get("q", ""),
            "types": [data["type"]] if data.get("type") else [],
            "region": data.get("region") or "",
            "organisation": data.get("org"),
            "honour": data.get("honour") or "",
            "page": data.get("page") or 1,
        }

    @property
    def active_filters(self):
        data = getattr(self, "cleaned_data", {})
        return any(data.get(k) for k in ("type", "region", "org", "honour"))


class SuggestForm(forms.Form):
    q = forms.CharField(label=_("What has been typed so far"), required=False, strip=True)
