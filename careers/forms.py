"""Forms of the careers pages: the skill-gap check and progress marks."""

from __future__ import annotations

from django import forms

from core.taxonomy import Level

from .models import ProgressStatus, Skill, SkillCategory
from .selectors import posting_for_gap


class SkillGapForm(forms.Form):
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("category", "name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Skills you have",
    )
    level = forms.ChoiceField(
        choices=[("", "Any level"), *Level.choices],
        required=False,
        label="Target level",
    )
    posting = forms.CharField(
        required=False,
        max_length=300,
        label="Or compare with one posting",
        help_text="Paste the address of a live posting on the job board.",
        widget=forms.TextInput(attrs={"placeholder": "/jobs/product-manager-at-.../"}),
    )

    def clean_posting(self):
        reference = self.cleaned_data["posting"].strip()
        if not reference:
            return None
        posting = posting_for_gap(reference)
        if posting is None:
            raise forms.ValidationError("No live posting on the job board has that address.")
        return posting

    def skills_by_category(self) -> list[tuple[str, list]]:
        """The checkboxes grouped under their category's label, in the queryset's order."""
        labels = dict(SkillCategory.choices)
        groups: dict[str, list] = {}
        for option in self["skills"]:
            category = option.data["value"].instance.category
            groups.setdefault(labels[category], []).append(option)
        return list(groups.items())


class ProgressForm(forms.Form):
    status = forms.ChoiceField(choices=ProgressStatus.choices)
