from django.urls import path
from rest_framework.routers import SimpleRouter

from core.errors import surface
from postings import views
from postings.api import views as api

app_name = "postings"

router = SimpleRouter(trailing_slash=False)
router.register("api/job-postings", api.JobPostingViewSet, basename="job-posting")

urlpatterns = [
    *surface("drf", router.urls, owns=("api/",)),
    *surface("seed000", [path("ai/analyze", api.AnalyzeView.as_view(), name="analyze")], owns=("ai/",)),
    # pages
    path("postings", views.posting_list, name="list"),
    path("postings/<int:pk>", views.posting_detail, name="detail"),
    path("postings/<int:pk>/delete", views.posting_delete, name="delete"),
    path("postings/<int:pk>/reanalyze", views.posting_reanalyze, name="reanalyze"),
]
