from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning.selections import branch_views, views

app_name = "selections"
urlpatterns = [
    path("selections/", views.mine, name="mine"),
    path("selections/<id:selection_id>/", views.assess, name="assess"),
    path("selections/<id:selection_id>/notice/", views.notice, name="notice"),
    path("selections/photos/<id:photo_id>/", views.photo, name="photo"),
    path("branch/selections/", branch_views.branch_list, name="branch-list"),
    path("branch/selections/new/", branch_views.branch_open, name="branch-open"),
    path("branch/selections/<id:selection_id>/", branch_views.branch_detail, name="branch-detail"),
    path("branch/selections/<id:selection_id>/publish/", branch_views.publish, name="publish"),
    path("branch/selections/<id:selection_id>/finalise/", branch_views.finalise, name="finalise"),
    path(
        "branch/selections/candidates/<id:candidate_id>/",
        branch_views.branch_candidate,
        name="branch-candidate",
    ),
    path("branch/selections/candidates/<id:candidate_id>/rate/", branch_views.rate, name="rate"),
    path(
        "branch/selections/candidates/<id:candidate_id>/recommend/",
        branch_views.recommend,
        name="recommend",
    ),
    path(
        "branch/selections/candidates/<id:candidate_id>/decide/", branch_views.decide, name="decide"
    ),
    path(
        "branch/selections/objections/<id:objection_id>/answer/",
        branch_views.answer,
        name="answer",
    ),
]
