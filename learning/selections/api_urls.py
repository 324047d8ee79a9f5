"""五星党员 selection: self-assessment, branch recommendation, committee decision, public notice, result."""

from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning.selections import api

app_name = "selections-api"
urlpatterns = [
    path("", api.MineView.as_view(), name="mine"),
    path("workspace/", api.WorkspaceView.as_view(), name="workspace"),
    path("<id:selection_id>/self-assessment/", api.CandidacyView.as_view(), name="self-assessment"),
    path("<id:selection_id>/candidates/", api.CandidatesView.as_view(), name="candidates"),
    path("<id:selection_id>/publish/", api.PublishView.as_view(), name="publish"),
    path("<id:selection_id>/result/", api.ResultView.as_view(), name="result"),
    path("<id:selection_id>/notice/", api.NoticeView.as_view(), name="notice"),
    path("<id:selection_id>/objections/", api.ObjectionsView.as_view(), name="objections"),
    path("candidates/<id:candidate_id>/rating/", api.RatingView.as_view(), name="rating"),
    path(
        "candidates/<id:candidate_id>/recommendation/",
        api.RecommendationView.as_view(),
        name="recommendation",
    ),
    path("candidates/<id:candidate_id>/decision/", api.DecisionView.as_view(), name="decision"),
    path("objections/<id:objection_id>/answer/", api.AnswerView.as_view(), name="answer"),
]
