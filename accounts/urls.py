from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("become-a-recruiter/", views.recruiter_request, name="recruiter_request"),
]
