from django.urls import path

from . import views

app_name = "salaries"

urlpatterns = [
    path("", views.benchmarks, name="benchmarks"),
    path("calculator/", views.calculator, name="calculator"),
    path("insights/", views.insights, name="insights"),
    path("freelance/", views.freelance_rates, name="freelance_rates"),
    path("postings/<slug:slug>/position/", views.posting_position, name="posting_position"),
]
