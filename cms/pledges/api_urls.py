from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…> (ids the database can hold)
from cms.pledges import api

app_name = "pledges-api"

urlpatterns = [
    path("walls/", api.WallList.as_view(), name="walls"),
    path("walls/<id:pk>/", api.WallDetail.as_view(), name="wall"),
    path("walls/<id:wall_id>/pledges/", api.WallPledges.as_view(), name="wall-pledges"),
    path("mine/", api.MyPledges.as_view(), name="mine"),
    path("likes/", api.LikeCounts.as_view(), name="like-counts"),
    path("liker-token/", api.LikerToken.as_view(), name="liker-token"),
    path("<id:pk>/", api.PledgeDetail.as_view(), name="pledge"),
    path("<id:pk>/progress/", api.ProgressCreate.as_view(), name="progress"),
    path("<id:pk>/outcome/", api.OutcomeReport.as_view(), name="outcome"),
    path("<id:pk>/like/", api.LikeCreate.as_view(), name="like"),
]
