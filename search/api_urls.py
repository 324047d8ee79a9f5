from django.urls import path

from search import api

urlpatterns = [
    path("", api.SearchAPIView.as_view(), name="api-search"),
    path("suggest/", api.SuggestAPIView.as_view(), name="api-search-suggest"),
]
