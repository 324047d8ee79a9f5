from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning.residents import branch_views, views

app_name = "residents"
urlpatterns = [
    path("residents/", views.mine, name="mine"),
    path("residents/contacts/", views.contact_log, name="contact-log"),
    path("residents/add/", views.resident_add, name="add"),
    path("residents/card/", views.card, name="card"),
    path("residents/card/renew/", views.card_renew, name="card-renew"),
    path("residents/<id:resident_id>/", views.resident_detail, name="detail"),
    # The public contact form a resident reaches from the card's QR code.
    path("contact/<str:token>/", views.contact, name="contact"),
    path("branch/residents/", branch_views.branch_residents, name="branch"),
    path("branch/residents/cards/", branch_views.branch_cards, name="branch-cards"),
    path("branch/residents/export.xlsx", branch_views.branch_export, name="branch-export"),
    path("honours/<id:plaque_id>/", branch_views.honour, name="honour"),
    path("honours/<id:plaque_id>/hand-over/", branch_views.honour_hand_over, name="hand-over"),
]
