from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning.service_tasks import branch_views, views

app_name = "service_tasks"
urlpatterns = [
    path("service/", views.home, name="home"),
    path("service/codes/<id:code_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("service/tasks/<id:task_id>/claim/", views.claim, name="claim"),
    path("service/claims/<id:claim_id>/report/", views.report, name="report"),
    path("service/items/<id:item_id>/redeem/", views.redeem_item, name="redeem"),
    path("service/photos/<id:photo_id>/", views.photo, name="photo"),
    path("branch/service/", branch_views.service, name="branch"),
    path(
        "branch/service/claims/<id:claim_id>/<slug:action>/",
        branch_views.claim_action,
        name="claim-action",
    ),
    path(
        "branch/service/redemptions/<id:redemption_id>/<slug:action>/",
        branch_views.redemption_action,
        name="redemption-action",
    ),
]
