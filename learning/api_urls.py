from django.urls import path

import xianfeng.converters  # noqa: F401 - registers <id:…>
from learning.api import views
from learning.daily.api import ReadingView

app_name = "learning-api"
urlpatterns = [
    path("events/", views.EventView.as_view(), name="event"),
    path("events/batch/", views.EventBatchView.as_view(), name="event-batch"),
    path(
        "lectures/<id:lecture_id>/progress/",
        views.LectureProgressView.as_view(),
        name="lecture-progress",
    ),
    path("quizzes/<id:quiz_id>/attempts/", views.QuizAttemptView.as_view(), name="quiz-attempt"),
    path("record/", views.RecordView.as_view(), name="record"),
    path("assignments/", views.AssignmentsView.as_view(), name="assignments"),
    path("reading/", ReadingView.as_view(), name="reading"),
]
