from django.urls import path

from . import views

app_name = "careers"

# Fixed pages come before "<slug>/": careers.models.RESERVED_PATH_SLUGS keeps paths off them.
urlpatterns = [
    path("", views.index, name="index"),
    path("certifications/", views.certifications, name="certifications"),
    path("resources/", views.resources, name="resources"),
    path("faq/", views.faq, name="faq"),
    path("skill-gap/", views.skill_gap, name="skill_gap"),
    path("progress/", views.progress_dashboard, name="progress"),
    path("checklist/<int:pk>/", views.checklist_progress, name="checklist_progress"),
    path("<slug:slug>/", views.path_detail, name="path"),
    path("<slug:path_slug>/<slug:slug>/", views.step_detail, name="step"),
    path("<slug:path_slug>/<slug:slug>/progress/", views.step_progress, name="step_progress"),
]
