from rest_framework.routers import SimpleRouter

from .views import GigViewSet, ProposalViewSet

router = SimpleRouter()
router.register("gigs", GigViewSet, basename="api-gigs")
router.register("proposals", ProposalViewSet, basename="api-proposals")

urlpatterns = router.urls
