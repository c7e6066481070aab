from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from rest_framework import serializers

from accounts.models import ProfileLink, User


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs: dict) -> dict:
        user = authenticate(
            self.context["request"], email=attrs["email"], password=attrs["password"]
        )
        if user is None:
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
    companies = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

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
