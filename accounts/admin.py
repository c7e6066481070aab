from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .forms import ProfileLinkForm
from .models import ProfileLink, User


class ProfileLinkInline(admin.TabularInline):
    model = ProfileLink
    form = ProfileLinkForm
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "is_staff", "is_active", "date_joined"]
    list_filter = ["role", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    inlines = [ProfileLinkInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "role")}),
        ("Profile", {"fields": ("name", "headline", "location", "years_of_experience", "skills")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),
    )
