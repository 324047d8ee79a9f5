from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning.reviews import api

app_name = "reviews-api"
urlpatterns = [
    path("mine/", api.Mine.as_view(), name="mine"),
    path("<id:review_id>/self-assessment/", api.SelfAssessment.as_view(), name="self"),
    path("<id:review_id>/ratings/", api.Ratings.as_view(), name="ratings"),
    path("branch/", api.BranchReviews.as_view(), name="branch"),
    path("branch/<id:review_id>/", api.BranchReviewDetail.as_view(), name="branch-detail"),
    path(
        "branch/<id:review_id>/close/",
        api.BranchStage.as_view(stage="close"),
        name="branch-close",
    ),
    path(
        "branch/<id:review_id>/finish/",
        api.BranchStage.as_view(stage="finish"),
        name="branch-finish",
    ),
    path(
        "branch/participants/<id:participant_id>/grade/",
        api.BranchGrade.as_view(),
        name="branch-grade",
    ),
    path("pledges/", api.BranchPledges.as_view(), name="pledges"),
    path("pledges/<id:pledge_id>/", api.BranchPledgeVerdict.as_view(), name="pledge"),
]
