from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning.reviews import views

app_name = "reviews"
urlpatterns = [
    path("reviews/", views.mine, name="mine"),
    path("reviews/<id:review_id>/self-assessment/", views.self_assessment, name="self"),
    path("reviews/<id:review_id>/rate/", views.rate, name="rate"),
    path("branch/reviews/", views.branch_index, name="branch"),
    path("branch/reviews/open/", views.branch_open, name="branch-open"),
    path("branch/reviews/<id:review_id>/", views.branch_detail, name="branch-detail"),
    path("branch/reviews/<id:review_id>/close/", views.branch_close, name="branch-close"),
    path("branch/reviews/<id:review_id>/finish/", views.branch_finish, name="branch-finish"),
    path(
        "branch/reviews/participants/<id:participant_id>/grade/",
        views.branch_grade,
        name="branch-grade",
    ),
    path("branch/reviews/pledges/<id:pledge_id>/", views.branch_pledge, name="branch-pledge"),
]
