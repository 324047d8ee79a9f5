from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning.meetings import views

app_name = "meetings"
urlpatterns = [
    path("branch/meetings/", views.branch_list, name="branch-list"),
    path("branch/meetings/new/", views.branch_new, name="branch-new"),
    path("branch/meetings/<id:meeting_id>/", views.branch_detail, name="branch-detail"),
    path("branch/meetings/<id:meeting_id>/leave/", views.branch_leave, name="branch-leave"),
    path("branch/meetings/<id:meeting_id>/mark/", views.branch_mark, name="branch-mark"),
    path("branch/meetings/<id:meeting_id>/minutes/", views.branch_minutes, name="branch-minutes"),
    path("branch/meetings/<id:meeting_id>/photos/", views.branch_photo, name="branch-photo"),
    path("branch/meetings/<id:meeting_id>/close/", views.branch_close, name="branch-close"),
    path("branch/meetings/<id:meeting_id>/screen/", views.branch_screen, name="branch-screen"),
    path(
        "branch/meetings/<id:meeting_id>/screen/code/",
        views.branch_screen_code,
        name="branch-screen-code",
    ),
    path("meetings/<id:meeting_id>/", views.detail, name="detail"),
    path("meetings/<id:meeting_id>/reply/", views.reply, name="reply"),
    path("meetings/<id:meeting_id>/sign-up/", views.sign_up, name="sign-up"),
    path("meetings/<id:meeting_id>/check-in/", views.check_in, name="check-in"),
]
