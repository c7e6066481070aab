"""The gig pages under /gigs/, offers under /offers/, freelancer profiles under /freelancers/,
and balances."""

from django.urls import path

from gigs.feeds import ForYouAtomFeed, ForYouRssFeed
from gigs.views import (
    balance,
    board,
    contracts,
    for_you,
    freelancers,
    hours,
    offers,
    proposals,
    reviews,
)

gig_patterns = [
    path("", board.gig_list, name="list"),
    path("post/", board.gig_create, name="post"),
    path("mine/", board.my_gigs, name="mine"),
    path("for-you/", for_you.for_you, name="for_you"),
    path("for-you/feed/", for_you.feed_rotate, name="for_you_feed_rotate"),
    path("for-you/digest/", for_you.digest_set, name="for_you_digest"),
    path("for-you/digest/stop/<str:token>/", for_you.digest_stop, name="for_you_digest_stop"),
    # The token is the credential: feed readers fetch these without signing in.
    path("for-you/feed/<slug:token>/rss/", ForYouRssFeed(), name="for_you_rss"),
    path("for-you/feed/<slug:token>/atom/", ForYouAtomFeed(), name="for_you_atom"),
    path("contracts/", contracts.contract_list, name="contracts"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract"),
    path("contracts/<int:pk>/milestones/", contracts.milestone_add, name="milestone_add"),
    path(
        "contracts/<int:pk>/milestones/<int:milestone_pk>/<str:action>/",
        contracts.milestone_action,
        name="milestone_action",
    ),
    path("contracts/<int:pk>/end/", hours.contract_end, name="contract_end"),
    path("contracts/<int:pk>/hours/", hours.hourlog_submit, name="hourlog_submit"),
    path(
        "contracts/<int:pk>/hours/<int:log_pk>/<str:action>/",
        hours.hourlog_action,
        name="hourlog_action",
    ),
    path("contracts/<int:pk>/escrow/", hours.hourly_fund, name="hourly_fund"),
    path("contracts/<int:pk>/weekly-limit/", hours.weekly_limit, name="weekly_limit"),
    path("contracts/<int:pk>/reviews/", reviews.review_submit, name="review_submit"),
    path(
        "contracts/<int:pk>/reviews/<int:review_pk>/reply/",
        reviews.review_reply,
        name="review_reply",
    ),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path(
        "proposals/<int:pk>/actions/<str:action>/",
        proposals.proposal_action,
        name="proposal_action",
    ),
    path("<slug:slug>/", board.gig_detail, name="detail"),
    path("<slug:slug>/edit/", board.gig_edit, name="edit"),
    path("<slug:slug>/propose/", proposals.propose, name="propose"),
    path("<slug:slug>/fee-preview/", proposals.fee_preview, name="fee_preview"),
    path("<slug:slug>/proposals/", proposals.gig_proposals, name="proposals"),
    path("<slug:slug>/invite/", board.gig_invite, name="invite"),
    path("<slug:slug>/actions/<str:action>/", board.gig_action, name="action"),
]

offer_patterns = [
    path("", offers.offer_list, name="list"),
    path("new/", offers.offer_create, name="create"),
    path("mine/", offers.my_offers, name="mine"),
    path("<slug:slug>/", offers.offer_detail, name="detail"),
    path("<slug:slug>/edit/", offers.offer_edit, name="edit"),
    path("<slug:slug>/buy/", offers.offer_buy, name="buy"),
    path("<slug:slug>/actions/<str:action>/", offers.offer_action, name="action"),
]

freelancer_patterns = [
    path("me/edit/", freelancers.profile_edit, name="edit"),
    path("me/portfolio/", freelancers.portfolio_add, name="portfolio_add"),
    path("me/portfolio/<int:pk>/delete/", freelancers.portfolio_delete, name="portfolio_delete"),
    path("me/payouts/", freelancers.payout_add, name="payout_add"),
    path("me/payouts/<int:pk>/edit/", freelancers.payout_edit, name="payout_edit"),
    path("me/payouts/<int:pk>/delete/", freelancers.payout_delete, name="payout_delete"),
    path("<slug:slug>/", freelancers.freelancer_detail, name="detail"),
]

balance_patterns = [
    path("", balance.overview, name="overview"),
    path("statement.csv", balance.statement_csv, name="statement_csv"),
    path("payout/", balance.payout, name="payout"),
]
