from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning import views

app_name = "learning"
urlpatterns = [
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", views.SignOutView.as_view(), name="logout"),
    path("study/lecture/<id:lecture_id>/", views.study_lecture, name="study"),
    path("study/lecture/<id:lecture_id>/quiz/", views.submit_quiz, name="quiz"),
    path("me/", views.my_record, name="record"),
]
