from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import ThreadMessagesView, ThreadViewSet

router = SimpleRouter()
router.register("threads", ThreadViewSet, basename="api-threads")

urlpatterns = [
    *router.urls,
    path(
        "threads/<int:pk>/messages/",
        ThreadMessagesView.as_view(),
        name="api-thread-messages",
    ),
]
