from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import CertificationViewSet, PathViewSet, SkillGapView, SkillViewSet

router = SimpleRouter()
router.register("careers/paths", PathViewSet, basename="api-career-paths")
router.register("careers/certifications", CertificationViewSet, basename="api-certifications")
router.register("careers/skills", SkillViewSet, basename="api-skills")

urlpatterns = [
    path("careers/skill-gap/", SkillGapView.as_view(), name="api-skill-gap"),
    *router.urls,
]
