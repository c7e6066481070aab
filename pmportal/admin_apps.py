"""Django's admin app, set to serve the portal's admin site (``pmportal.admin_site``)."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "pmportal.admin_site.PortalAdminSite"
