"""Forms of on-site applications: the candidate's application and the recruiter's status move."""

from django import forms
from django.core.exceptions import ValidationError

from jobs.models import ApplicationStatus
from jobs.services.applications import MAX_COVER_NOTE_CHARS, MAX_RESUME_BYTES, RESUME_TYPES

RESUME_ACCEPT = ",".join(
    [f".{extension}" for extension in RESUME_TYPES]
    + [kind.content_type for kind in RESUME_TYPES.values()]
)


class ApplicationForm(forms.Form):
    """What a candidate sends; the service checks the résumé's content and the posting."""

    cover_note = forms.CharField(
        max_length=MAX_COVER_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Why this role, and what you bring to it. Markdown works.",
    )
    resume = forms.FileField(
        label="Résumé",
        widget=forms.FileInput(attrs={"accept": RESUME_ACCEPT}),
        help_text=f"A PDF or Word (.docx) file, up to {MAX_RESUME_BYTES // (1024 * 1024)} MB.",
    )

    def apply_errors(self, error: ValidationError) -> None:
        """Show the service's validation errors on the fields they concern."""
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ApplicationStatus.choices)
