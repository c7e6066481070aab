"""Forms for signing in and up, changing a password, editing a profile and asking to recruit."""

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.forms import inlineformset_factory
from django.http import HttpRequest

from careers.models import Skill
from jobs.models import Company

from .models import ProfileLink, RecruiterRequest, Role, User


class LoginForm(AllauthLoginForm):
    """allauth's sign-in, its labels in the site's sentence case."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = "Remember me"


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the portal's name and hiring fields."""

    name = forms.CharField(max_length=150, required=False, label="Your name")
    hiring = forms.BooleanField(
        required=False,
        label="I'm hiring: let me post product roles and gigs for my company",
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data["name"]
        user.role = Role.RECRUITER if self.cleaned_data["hiring"] else Role.CANDIDATE
        user.save(update_fields=["name", "role"])

    def try_save(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        # A new account's password is hashed, which is most of the time a sign-up takes;
        # hashing for a taken address too keeps the answer from revealing who is registered.
        if self.account_already_exists:
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class ChangePasswordForm(AllauthChangePasswordForm):
    """allauth's password change, checking the current password through authentication.

    So that wrong guesses count towards the same lockout as signing in.
    """

    def clean_oldpassword(self) -> str:
        password = self.cleaned_data.get("oldpassword", "")
        if not get_adapter().reauthenticate(self.user, password):
            raise get_adapter().validation_error("enter_current_password")
        return password


class ProfileForm(forms.ModelForm):
    # The shared taxonomy, so the skill-gap check and job matching understand the profile.
    profile_skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Skills",
    )

    class Meta:
        model = User
        fields = ["name", "headline", "location", "years_of_experience", "profile_skills", "skills"]
        widgets = {"skills": forms.Textarea(attrs={"rows": 2})}
        labels = {"skills": "Other skills"}
        help_texts = {
            "skills": "Anything not in the list above, comma-separated. Kept as you typed it."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["profile_skills"].initial = list(self.instance.profile_skills.all())


class ProfileLinkForm(forms.ModelForm):
    # People paste "linkedin.com/in/..." without a scheme; today's sites all serve https.
    url = forms.URLField(label="URL", max_length=300, assume_scheme="https")

    class Meta:
        model = ProfileLink
        fields = ["label", "url"]


ProfileLinkFormSet = inlineformset_factory(
    User,
    ProfileLink,
    form=ProfileLinkForm,
    extra=1,
    max_num=ProfileLink.MAX_PER_USER,
    validate_max=True,
    can_delete=True,
)


class RecruiterRequestForm(forms.ModelForm):
    company = forms.ModelChoiceField(
        queryset=Company.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="My company is not listed",
        label="Company on pmportal",
    )
    company_website = forms.URLField(
        label="New company's website", required=False, assume_scheme="https"
    )

    class Meta:
        model = RecruiterRequest
        fields = ["company", "company_name", "company_website", "work_email", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
