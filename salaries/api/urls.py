from django.urls import path

from .views import BenchmarkView

urlpatterns = [
    path("salaries/benchmarks/", BenchmarkView.as_view(), name="api-salary-benchmarks"),
]
