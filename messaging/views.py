"""Messaging pages: the thread list, a thread with its reply form and polling, mute links."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from accounts.http import AuthenticatedHttpRequest
from core.http import emailed_link
from gigs import selectors as gig_selectors
from gigs.models import Offer
from jobs.models import Application
from jobs.services.applications import RESUME_TYPES
from messaging import notifications, selectors, services
from messaging.forms import MessageForm
from messaging.models import Message, Thread
from messaging.services import Opened

# How often an open thread asks for new messages; a hidden tab does not ask (messaging.js).
POLL_SECONDS = 10
# After a reply is sent, the poller fetches at once instead of waiting for its next turn.
CHANGED_EVENT = "messages-changed"
MUTE_TEMPLATE = "messaging/mute.html"


class Request(AuthenticatedHttpRequest):
    htmx: HtmxDetails


@login_required
def thread_list(request: Request) -> HttpResponse:
    page = selectors.thread_list_page(user=request.user, cursor=request.GET.get("cursor"))
    rows = [
        {
            "member": member,
            "thread": member.thread,
            "other": member.thread.other(request.user.pk),
            "waiting": _waits_on(member.thread, request.user.pk),
        }
        for member in page.items
    ]
    return render(request, "messaging/thread_list.html", {"page": page, "rows": rows})


def _waits_on(thread: Thread, user_id: int) -> bool:
    """The last word is the other person's: the thread waits on this user's reply."""
    return thread.last_sender_id is not None and thread.last_sender_id != user_id


def _thread_context(request: Request, opened: Opened, form: MessageForm | None = None) -> dict:
    thread = opened.thread
    shown = selectors.thread_messages(thread=thread)
    viewer = request.user.pk
    return {
        "thread": thread,
        "member": opened.member,
        "staff_reader": opened.is_staff_reader,
        "other": thread.other(viewer) if opened.member else None,
        "messages_shown": shown,
        "last_id": shown[-1].pk if shown else 0,
        "waiting": opened.member is not None and _waits_on(thread, viewer),
        "form": form or MessageForm(),
        "poll_seconds": POLL_SECONDS,
        "changed_event": CHANGED_EVENT,
    }


@login_required
@require_GET
def thread_detail(request: Request, pk: int) -> HttpResponse:
    opened = services.thread_open(pk=pk, user=request.user)
    if opened.member is not None:
        services.thread_read(thread=opened.thread, user=request.user)
    return render(request, "messaging/thread_detail.html", _thread_context(request, opened))


@login_required
@require_GET
def thread_poll(request: Request, pk: int) -> HttpResponse:
    """Messages after ``after`` (the last one the page shows), and the poller that follows."""
    opened = services.thread_open(pk=pk, user=request.user)
    if opened.member is None:
        raise Http404("Staff read a disputed thread without polling it.")
    try:
        after = max(int(request.GET.get("after", "0")), 0)
    except ValueError:
        after = 0
    new = selectors.thread_messages(thread=opened.thread, after_id=after)
    if new:
        services.thread_read(thread=opened.thread, user=request.user)
    context = {
        "thread": opened.thread,
        "new_messages": new,
        # Only a page that showed no message yet holds the "No messages yet" note to remove.
        "was_empty": after == 0,
        "last_id": new[-1].pk if new else after,
        "poll_seconds": POLL_SECONDS,
        "changed_event": CHANGED_EVENT,
    }
    return render(request, "messaging/partials/poll.html", context)


@login_required
@require_POST
def message_send(request: Request, pk: int) -> HttpResponse:
    opened = services.thread_open(pk=pk, user=request.user)
    if opened.member is None:
        raise PermissionDenied("Staff read disputed threads; they do not write in them.")
    form = MessageForm(request.POST, request.FILES)
    sent = False
    if form.is_valid():
        try:
            services.message_send(
                thread=opened.thread,
                sender=request.user,
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            sent = True
    if request.htmx:
        # htmx swaps only 2xx answers: the form comes back with its errors, or empty.
        context = {"thread": opened.thread, "form": MessageForm() if sent else form}
        response = render(request, "messaging/partials/reply_form.html", context)
        if sent:
            response["HX-Trigger"] = CHANGED_EVENT
        return response
    if sent:
        return redirect(opened.thread)
    context = _thread_context(request, opened, form=form)
    return render(request, "messaging/thread_detail.html", context, status=400)


@login_required
@require_POST
def thread_mute(request: Request, pk: int) -> HttpResponse:
    opened = services.thread_open(pk=pk, user=request.user)
    muted = request.POST.get("muted") == "1"
    services.thread_mute(thread=opened.thread, user=request.user, muted=muted)
    if muted:
        messages.success(request, "Muted: no more e-mails about this thread.")
    else:
        messages.success(request, "E-mails about new messages in this thread are back on.")
    return redirect(opened.thread)


@emailed_link
def mute_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation; POST mutes the thread. Works without signing in."""
    if request.method == "POST":
        member = services.thread_mute_by_token(token=token)
        if member is None:
            raise Http404("No such thread.")
        return render(request, MUTE_TEMPLATE, {"done": True, "thread": member.thread})
    member = notifications.member_for_mute_token(token)
    if member is None:
        raise Http404("No such thread.")
    return render(request, MUTE_TEMPLATE, {"thread": member.thread, "muted": member.is_muted})


@login_required
@require_GET
def attachment_download(request: Request, pk: int, message_pk: int) -> FileResponse:
    """A message's document, for whoever may read the thread; 404 for everyone else."""
    opened = services.thread_open(pk=pk, user=request.user)
    message = selectors.message_for_download(thread=opened.thread, pk=message_pk)
    if message is None:
        raise Http404("No such attachment.")
    try:
        file = message.attachment.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing.") from missing
    response = FileResponse(
        file,
        as_attachment=True,
        filename=message.attachment_name,
        content_type=_content_type(message),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _content_type(message: Message) -> str:
    kind = RESUME_TYPES.get(message.attachment.name.rsplit(".", 1)[-1])
    return kind.content_type if kind else "application/octet-stream"


@login_required
@require_POST
def thread_start(request: Request, kind: str, pk: int) -> HttpResponse:
    """Open (or find) the thread on an application, a proposal, a contract or an offer."""
    user = request.user
    if kind == "application":
        application = (
            Application.objects.select_related("posting__company", "posting__created_by")
            .filter(pk=pk)
            .first()
        )
        if application is None:
            raise Http404("No such application.")
        thread = _start(lambda: services.thread_for_application(application=application, user=user))
    elif kind == "proposal":
        proposal = gig_selectors.proposal_for(pk=pk, user=user)
        thread = _start(lambda: services.thread_for_proposal(proposal=proposal, user=user))
    elif kind == "contract":
        contract = gig_selectors.contract_for(pk=pk, user=user)
        thread = _start(lambda: services.thread_for_contract(contract=contract, user=user))
    elif kind == "offer":
        offer = Offer.objects.select_related("freelancer").filter(pk=pk).first()
        if offer is None:
            raise Http404("No such offer.")
        try:
            thread = services.thread_for_offer(offer=offer, user=user)
        except services.OwnOffer as own:
            messages.error(request, own.messages[0])
            return redirect(offer)
        except PermissionDenied as refused:
            raise Http404("No such offer.") from refused
    else:
        raise Http404("No such subject.")
    if thread is None:
        messages.error(request, "There is nobody to message about this yet.")
        return redirect("messaging:list")
    return redirect(thread)


def _start(open_thread: Callable[[], Thread]) -> Thread | None:
    try:
        return open_thread()
    except PermissionDenied as refused:
        # Someone outside the subject learns no more than from a subject that does not exist.
        raise Http404("No such subject.") from refused
    except ValidationError:
        return None
