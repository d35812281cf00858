from django.urls import path
from rest_framework.routers import SimpleRouter

from core.errors import surface
from coverletters import views
from coverletters.api import views as api

app_name = "coverletters"

router = SimpleRouter(trailing_slash=False)
router.register("api/cover-letters", api.CoverLetterViewSet, basename="cover-letter")

urlpatterns = [
    *surface("drf", router.urls, owns=("api/",)),
    # pages
    path("cover-letters", views.letter_list, name="list"),
    path("cover-letters/<int:pk>", views.letter_detail, name="detail"),
    path("cover-letters/<int:pk>/delete", views.letter_delete, name="delete"),
    path("cover-letters/<int:pk>/restore/<int:number>", views.letter_restore, name="restore"),
]
