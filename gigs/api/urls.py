from django.urls import path
from rest_framework.routers import SimpleRouter

from .balance import BalanceView, PayoutRequestView, StatementView
from .contracts import MilestoneViewSet
from .for_you import GigsForYouView
from .hours import ContractActionsViewSet, HourLogViewSet
from .offers import OfferViewSet
from .reviews import ReviewViewSet
from .views import GigViewSet, ProposalViewSet

router = SimpleRouter()
router.register("gigs", GigViewSet, basename="api-gigs")
router.register("offers", OfferViewSet, basename="api-offers")
router.register("proposals", ProposalViewSet, basename="api-proposals")
router.register("contracts", ContractActionsViewSet, basename="api-contracts")
router.register("milestones", MilestoneViewSet, basename="api-milestones")
router.register("hour-logs", HourLogViewSet, basename="api-hour-logs")
router.register("reviews", ReviewViewSet, basename="api-reviews")

urlpatterns = [
    # Before the router's gig detail route, which would take "for-you" for a slug.
    path("gigs/for-you/", GigsForYouView.as_view(), name="api-gigs-for-you"),
    *router.urls,
    path("balance/", BalanceView.as_view(), name="api-balance"),
    path("balance/entries/", StatementView.as_view(), name="api-balance-entries"),
    path("balance/payouts/", PayoutRequestView.as_view(), name="api-balance-payouts"),
]
