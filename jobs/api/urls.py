from django.urls import path
from rest_framework.routers import SimpleRouter

from .ingestion import IngestView
from .views import CompanyViewSet, PostingViewSet

router = SimpleRouter()
router.register("jobs", PostingViewSet, basename="api-jobs")
router.register("companies", CompanyViewSet, basename="api-companies")

urlpatterns = [*router.urls, path("ingest/", IngestView.as_view(), name="api-ingest")]
