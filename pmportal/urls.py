from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from gigs import portfolio_images
from gigs.urls import balance_patterns, freelancer_patterns, gig_patterns, offer_patterns
from gigs.views.balance import balance_moved
from gigs.views.media import portfolio_image
from jobs.sitemaps import SITEMAP_CACHE_SECONDS, SITEMAPS
from jobs.views.logos import company_logo

from . import views

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("jobs.api.urls")),
    path("", include("salaries.api.urls")),
    path("", include("careers.api.urls")),
    path("", include("gigs.api.urls")),
    path("messages/", include("messaging.api.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemaps.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("jobs/", include("jobs.urls")),
    path("salaries/", include("salaries.urls")),
    path("careers/", include("careers.urls")),
    path("gigs/", include((gig_patterns, "gigs"))),
    path("offers/", include((offer_patterns, "offers"))),
    path("freelancers/", include((freelancer_patterns, "freelancers"))),
    path("account/balance/", include((balance_patterns, "balance"))),
    # The balance pages' first address, kept so old links and e-mails still arrive.
    path("accounts/balance/", balance_moved, name="balance_moved"),
    path("accounts/balance/<path:rest>", balance_moved, name="balance_moved_page"),
    path("messages/", include("messaging.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # One password change form for everyone: the site's counts wrong current passwords
    # towards the sign-in lockout, the admin's own would check them unlimited.
    path(
        "admin/password_change/",
        staff_member_required(RedirectView.as_view(pattern_name="account_change_password")),
        name="admin-password-change",
    ),
    path("admin/", admin.site.urls),
    # Uploads under MEDIA_ROOT that anyone may see: portfolio images, then company logos.
    path(
        f"{settings.MEDIA_URL.lstrip('/')}{portfolio_images.UPLOAD_TO}<str:name>",
        portfolio_image,
        name="portfolio_image",
    ),
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:name>", company_logo, name="public_media"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", views.api_docs, name="api-docs"),
]

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.not_found
handler500 = views.server_error
