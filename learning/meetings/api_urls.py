from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning.meetings import api

app_name = "meetings-api"
urlpatterns = [
    path("<id:meeting_id>/check-in/", api.CheckInView.as_view(), name="check-in"),
    path(
        "<id:meeting_id>/online-attendance/",
        api.OnlineAttendanceView.as_view(),
        name="online-attendance",
    ),
    path("<id:meeting_id>/attendance/", api.AttendanceView.as_view(), name="attendance"),
]
