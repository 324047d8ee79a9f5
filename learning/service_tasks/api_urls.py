from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning.service_tasks import api

app_name = "service_tasks-api"
urlpatterns = [
    path("", api.OverviewView.as_view(), name="overview"),
    path("codes/<id:code_id>/acknowledge/", api.AcknowledgeView.as_view(), name="acknowledge"),
    path("tasks/<id:task_id>/claim/", api.ClaimView.as_view(), name="claim"),
    path("claims/<id:claim_id>/report/", api.ReportView.as_view(), name="report"),
    path("items/<id:item_id>/redeem/", api.RedeemView.as_view(), name="redeem"),
    path("branch/", api.BranchView.as_view(), name="branch"),
    *[
        path(
            f"branch/claims/<id:claim_id>/{action}/",
            api.ClaimActionView.as_view(),
            {"action": action},
            name=f"claim-{action}",
        )
        for action in api.CLAIM_ACTIONS
    ],
    *[
        path(
            f"branch/redemptions/<id:redemption_id>/{action}/",
            api.RedemptionActionView.as_view(),
            {"action": action},
            name=f"redemption-{action}",
        )
        for action in ("hand-over", "cancel")
    ],
]
