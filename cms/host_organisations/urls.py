from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from cms.host_organisations import views

app_name = "host"
urlpatterns = [
    path("host/", views.member_home, name="home"),
    path("host/apply/", views.member_apply, name="apply"),
    path("host/<id:membership_id>/end/", views.member_end, name="member-end"),
    path("host/manage/", views.manage, name="manage"),
    path("host/manage/find/", views.find, name="find"),
    path("host/manage/<id:membership_id>/<str:action>/", views.decide, name="decide"),
]
