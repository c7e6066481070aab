from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from rest_framework import exceptions, serializers

from accounts.lockout import LOCKED_OUT_MESSAGE, cool_off_seconds
from accounts.models import ProfileLink, User

if TYPE_CHECKING:
    from jobs.models import Company


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs: dict) -> dict:
        request = self.context["request"]
        # Through authentication, so failed attempts here count towards the same lockout
        # per account and per address as every other door that checks a password.
        user = get_adapter(request).authenticate(
            request, email=attrs["email"], password=attrs["password"]
        )
        # The lockout marks the request it refused (django-axes' documented attribute).
        if getattr(request, "axes_locked_out", False):
            raise exceptions.Throttled(wait=cool_off_seconds(), detail=LOCKED_OUT_MESSAGE)
        # allauth also hands back an inactive user whose password matched.
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                "No active account matches this e-mail and password.", code="authorization"
            )
        if not EmailAddress.objects.filter(user=user, verified=True).exists():
            raise serializers.ValidationError(
                "Verify your e-mail address before requesting a token.", code="unverified"
            )
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(source="key", read_only=True)


class ProfileLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProfileLink
        fields = ["label", "url"]


class MeSerializer(serializers.ModelSerializer):
    links = ProfileLinkSerializer(many=True, read_only=True)
    companies: serializers.SlugRelatedField[Company] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )

    class Meta:
        model = User
        fields = [
            "email",
            "role",
            "is_staff",
            "name",
            "headline",
            "location",
            "years_of_experience",
            "skills",
            "links",
            "companies",
        ]
        read_only_fields = ["email", "role", "is_staff"]
