from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning.branch import inbox_views, public_views, views

app_name = "branch"
urlpatterns = [
    path("branch/", views.overview, name="overview"),
    path("branch/members/", views.members, name="members"),
    path("branch/hours/", views.hours, name="hours"),
    path("branch/export.xlsx", views.export, {"format": "xlsx"}, name="export-xlsx"),
    path("branch/export.csv", views.export, {"format": "csv"}, name="export-csv"),
    path("branch/remind/", views.remind, name="remind"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/mutes/", inbox_views.inbox_mutes, name="inbox-mutes"),
    # The public 赛马 pages: organisations compared, for everyone.
    path("racing/", public_views.racing_index, name="racing"),
    path(
        "racing/<id:organisation_id>/",
        public_views.racing_organisation,
        name="racing-organisation",
    ),
]
