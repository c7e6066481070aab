from django.urls import path

from .feeds import PostingAtomFeed, PostingRssFeed
from .views import applications, moderation, postings, saved_searches

app_name = "jobs"

urlpatterns = [
    path("", postings.posting_list, name="list"),
    path("post/", postings.posting_create, name="post"),
    path("post/preview/", postings.posting_preview, name="preview"),
    path("dashboard/", postings.dashboard, name="dashboard"),
    path("companies/new/", postings.company_create, name="company_create"),
    path("feed/rss/", PostingRssFeed(), name="feed_rss"),
    path("feed/atom/", PostingAtomFeed(), name="feed_atom"),
    path("follow/", saved_searches.follow_search, name="follow_search"),
    path("saved/", saved_searches.saved_search_list, name="saved_searches"),
    path("saved/new/", saved_searches.saved_search_create, name="saved_search_create"),
    path("saved/<int:pk>/delete/", saved_searches.saved_search_delete, name="saved_search_delete"),
    path("saved/<int:pk>/edit/", saved_searches.saved_search_edit, name="saved_search_edit"),
    # A search's token is URL-safe base64 (secrets.token_urlsafe), the characters of a slug.
    path(
        "saved/unsubscribe/<slug:token>/",
        saved_searches.saved_search_unsubscribe,
        name="saved_search_unsubscribe",
    ),
    path(
        "saved/unsubscribe-all/<str:token>/",
        saved_searches.saved_search_unsubscribe_all,
        name="saved_search_unsubscribe_all",
    ),
    path("applications/", applications.my_applications, name="my_applications"),
    path("applications/<int:pk>/resume/", applications.resume_download, name="resume"),
    path("applications/<int:pk>/status/", applications.application_move, name="application_move"),
    path("<slug:slug>/", postings.posting_detail, name="detail"),
    path("<slug:slug>/edit/", postings.posting_edit, name="edit"),
    path("<slug:slug>/report/", postings.posting_report, name="report"),
    path("<slug:slug>/comments/", moderation.posting_comment, name="comment"),
    path("<slug:slug>/apply/", applications.apply, name="apply"),
    path("<slug:slug>/applicants/", applications.applicants, name="applicants"),
    path("<slug:slug>/actions/<str:action>/", postings.posting_action, name="action"),
]
