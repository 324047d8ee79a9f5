from django.urls import path  # noqa: F401

import xianfeng.converters  # noqa: F401 - registers <id:…>

app_name = "reviews-api"
urlpatterns: list = []
