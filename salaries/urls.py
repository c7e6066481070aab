from django.urls import path

from . import views

app_name = "salaries"

urlpatterns = [
    path("", views.benchmarks, name="benchmarks"),
    path("calculator/", views.calculator, name="calculator"),
    path("insights/", views.insights, name="insights"),
    path("postings/<slug:slug>/position/", views.posting_position, name="posting_position"),
]
