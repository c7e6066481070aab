"""The reply form: a plain-text message and an optional document."""

from django import forms
from django.core.exceptions import ValidationError

from jobs.forms_applications import RESUME_ACCEPT
from jobs.services.applications import MAX_RESUME_BYTES
from messaging.services import MAX_MESSAGE_CHARS


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=MAX_MESSAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachment = forms.FileField(
        label="Attach a document",
        required=False,
        widget=forms.FileInput(attrs={"accept": RESUME_ACCEPT}),
        help_text=f"A PDF or Word (.docx) file, up to {MAX_RESUME_BYTES // (1024 * 1024)} MB.",
    )

    def apply_errors(self, error: ValidationError) -> None:
        """Show the service's validation errors on the fields they concern."""
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)
