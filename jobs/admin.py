from django.contrib import admin

from .models import BoardSettings, Company, JobPosting


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "industry", "size", "country", "verified"]
    list_filter = ["verified", "industry", "size"]
    search_fields = ["name", "slug", "website"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["recruiters"]


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "status", "level", "country", "posted_at", "valid_through"]
    list_filter = ["status", "level", "remote_policy"]
    search_fields = ["title", "company__name", "external_id"]
    list_select_related = ["company"]
    raw_id_fields = ["company", "duplicate_of", "created_by"]
    filter_horizontal = ["skills"]


@admin.register(BoardSettings)
class BoardSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "posting_validity_days", "expiry_warning_days"]
