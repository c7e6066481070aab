"""Demo users for the embedded portal; every one signs in with DEMO_PASSWORD."""

from typing import Any

from allauth.account.models import EmailAddress

from .models import Role, User

DEMO_PASSWORD = "pmportal-demo"  # noqa: S105 - published in the README, demo databases only

DEMO_USERS: list[dict[str, Any]] = [
    {"email": "admin@example.com", "name": "Ada Admin", "role": Role.CANDIDATE, "staff": True},
    {"email": "recruiter1@example.com", "name": "Rosa Recruiter", "role": Role.RECRUITER},
    {"email": "recruiter2@example.com", "name": "Raj Recruiter", "role": Role.RECRUITER},
    {
        "email": "candidate@example.com",
        "name": "Casey Candidate",
        "role": Role.CANDIDATE,
        "headline": "Business analyst moving into product",
        "location": "Manchester, UK",
        "years_of_experience": 4,
        "skills": "SQL, stakeholder management, user research",
    },
]


def seed_users() -> list[User]:
    """Create the demo users once; later runs leave them as they are."""
    users = []
    for spec in DEMO_USERS:
        staff = spec.get("staff", False)
        profile = {k: v for k, v in spec.items() if k not in {"email", "staff"}}
        user, created = User.objects.get_or_create(
            email=spec["email"], defaults={**profile, "is_staff": staff, "is_superuser": staff}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        users.append(user)
    return users
