from rest_framework.routers import SimpleRouter

from .views import CompanyViewSet, PostingViewSet

router = SimpleRouter()
router.register("jobs", PostingViewSet, basename="api-jobs")
router.register("companies", CompanyViewSet, basename="api-companies")

urlpatterns = router.urls
