from django.urls import path

from learning.branch import api, inbox_api

app_name = "branch-api"
urlpatterns = [
    path("overview/", api.OverviewView.as_view(), name="overview"),
    path("members/", api.MembersView.as_view(), name="members"),
    path("short-of-quota/", api.ShortOfQuotaView.as_view(), name="short-of-quota"),
    path("comparison/", api.ComparisonView.as_view(), name="comparison"),
    path("reminders/", inbox_api.RemindView.as_view(), name="reminders"),
]
