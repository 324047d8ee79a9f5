"""1+10: the residents each member serves, contact logs, contact cards and coverage; rotating honours."""

from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning.residents import api

app_name = "residents-api"
urlpatterns = [
    path("", api.ResidentsView.as_view(), name="list"),
    path("<id:resident_id>/", api.ResidentDetailView.as_view(), name="detail"),
    path("contacts/", api.ContactCreateView.as_view(), name="contacts"),
    path("coverage/", api.CoverageView.as_view(), name="coverage"),
    path("honours/<id:plaque_id>/", api.HonourView.as_view(), name="honour"),
]
