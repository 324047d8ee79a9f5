from django.urls import path

from learning.branch import views

app_name = "branch"
urlpatterns = [
    path("branch/", views.overview, name="overview"),
    path("branch/members/", views.members, name="members"),
    path("branch/hours/", views.hours, name="hours"),
    path("branch/export.xlsx", views.export, {"format": "xlsx"}, name="export-xlsx"),
    path("branch/export.csv", views.export, {"format": "csv"}, name="export-csv"),
    path("branch/remind/", views.remind, name="remind"),
    path("inbox/", views.inbox, name="inbox"),
]
