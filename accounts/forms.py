"""Forms for signing up and editing a profile."""

from django import forms
from django.forms import inlineformset_factory

from .models import ProfileLink, Role, User


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth adds e-mail and password and calls ``signup``."""

    name = forms.CharField(max_length=150, required=False, label="Your name")
    hiring = forms.BooleanField(
        required=False,
        label="I'm hiring: let me post product roles and gigs for my company",
    )

    def signup(self, request, user: User) -> None:
        user.name = self.cleaned_data["name"]
        user.role = Role.RECRUITER if self.cleaned_data["hiring"] else Role.CANDIDATE
        user.save(update_fields=["name", "role"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "headline", "location", "years_of_experience", "skills"]
        widgets = {"skills": forms.Textarea(attrs={"rows": 3})}


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
