from django.urls import path
from rest_framework.routers import SimpleRouter

from .balance import BalanceView, PayoutRequestView, StatementView
from .contracts import ContractViewSet, MilestoneViewSet
from .reviews import ReviewViewSet
from .views import GigViewSet, ProposalViewSet

router = SimpleRouter()
router.register("gigs", GigViewSet, basename="api-gigs")
router.register("proposals", ProposalViewSet, basename="api-proposals")
router.register("contracts", ContractViewSet, basename="api-contracts")
router.register("milestones", MilestoneViewSet, basename="api-milestones")
router.register("reviews", ReviewViewSet, basename="api-reviews")

urlpatterns = [
    *router.urls,
    path("balance/", BalanceView.as_view(), name="api-balance"),
    path("balance/entries/", StatementView.as_view(), name="api-balance-entries"),
    path("balance/payouts/", PayoutRequestView.as_view(), name="api-balance-payouts"),
]
