from django.urls import path

from cms.pledges import api

app_name = "pledges-api"

urlpatterns = [
    path("walls/", api.WallList.as_view(), name="walls"),
    path("walls/<int:pk>/", api.WallDetail.as_view(), name="wall"),
    path("walls/<int:wall_id>/pledges/", api.WallPledges.as_view(), name="wall-pledges"),
    path("mine/", api.MyPledges.as_view(), name="mine"),
    path("likes/", api.LikeCounts.as_view(), name="like-counts"),
    path("liker-token/", api.LikerToken.as_view(), name="liker-token"),
    path("<int:pk>/", api.PledgeDetail.as_view(), name="pledge"),
    path("<int:pk>/progress/", api.ProgressCreate.as_view(), name="progress"),
    path("<int:pk>/outcome/", api.OutcomeReport.as_view(), name="outcome"),
    path("<int:pk>/like/", api.LikeCreate.as_view(), name="like"),
]
