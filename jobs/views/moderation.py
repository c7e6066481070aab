"""The recruiter's side of the comment thread with the moderators, on the posting page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from jobs import permissions, selectors
from jobs.services import moderation


class CommentForm(forms.Form):
    body = forms.CharField(max_length=moderation.COMMENT_MAX_LENGTH)


@login_required
@require_POST
def posting_comment(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    posting = selectors.posting_for_page(slug=slug, user=request.user)
    if not permissions.can_manage(request.user, posting):
        raise PermissionDenied("Only the posting's recruiters and the moderators discuss it.")
    form = CommentForm(request.POST)
    if form.is_valid():
        moderation.posting_comment(
            posting=posting, author=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, "Comment sent: the moderators get it by e-mail.")
    else:
        messages.error(request, "Write a comment (up to 5,000 characters) before sending it.")
    return redirect(f"{posting.get_absolute_url()}#comments")
