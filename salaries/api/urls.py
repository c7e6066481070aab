from django.urls import path

from .views import BenchmarkView, FreelanceRateView

urlpatterns = [
    path("salaries/benchmarks/", BenchmarkView.as_view(), name="api-salary-benchmarks"),
    path("salaries/freelance/", FreelanceRateView.as_view(), name="api-freelance-rates"),
]
