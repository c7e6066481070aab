from rest_framework.routers import SimpleRouter

from .contracts import ContractViewSet, MilestoneViewSet
from .views import GigViewSet, ProposalViewSet

router = SimpleRouter()
router.register("gigs", GigViewSet, basename="api-gigs")
router.register("proposals", ProposalViewSet, basename="api-proposals")
router.register("contracts", ContractViewSet, basename="api-contracts")
router.register("milestones", MilestoneViewSet, basename="api-milestones")

urlpatterns = router.urls
