"""Workflow actions whose refusal the reviewer is told of, in the modal they acted from.

Wagtail answers an action that is not (or no longer) open to the user with a bare 403. The
sign-off and request-for-changes modals post with JavaScript and cannot show that page, so the
button just spins: a reviewer who edited the change in another tab since opening the sign-off
would never learn that four eyes refused it. Here the refusal closes the modal and says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page

from portal.governance.workflow import SIGN_OFF_REFUSED, language_refusal

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse, HttpResponseBase

    from wagtail.admin.views.generic.workflow import BaseWorkflowFormView
else:
    # The views this mixes into: their attributes and methods, for the type checker only.
    BaseWorkflowFormView = object

ACTION_REFUSED = _("That action is no longer open to you on this change. Its current state is shown here.")


def refused_in_the_modal(
    request: HttpRequest, refusal: PermissionDenied, action_name: str, obj: object = None
) -> HttpResponse:
    """The modal's answer to a refused action: closed, back where the reviewer came from, with why.

    Wagtail refuses an action the task does not offer without a reason; for a sign-off in a
    language the reviewer does not review in, the reason is worked out here.
    """
    reason = str(refusal)
    if not reason and action_name == "approve":
        reason = (language_refusal(obj, request.user) if obj is not None else None) or str(SIGN_OFF_REFUSED)
    reason = reason or str(ACTION_REFUSED)
    messages.error(request, reason)
    redirect = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    return render_modal_workflow(request, "", None, {}, json_data={"step": "success", "redirect": redirect})


def is_modal_request(request: HttpRequest) -> bool:
    return request.headers.get("x-requested-with") == "XMLHttpRequest"


class RefusalShownInTheModal(BaseWorkflowFormView):
    """For a class-based workflow action view (a snippet's)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as refusal:
            if not is_modal_request(request):
                raise
            return refused_in_the_modal(request, refusal, self.action_name, getattr(self, "object", None))


_page_workflow_action = page_viewset_registry.as_view("workflow_action", page_id_kwarg="page_id")


def page_workflow_action(
    request: HttpRequest, *args: Any, action_name: str, **kwargs: Any
) -> HttpResponseBase:
    """Wagtail's workflow action on a page (routed to its page type's view), refusals explained."""
    try:
        return _page_workflow_action(request, *args, action_name=action_name, **kwargs)
    except PermissionDenied as refusal:
        if not is_modal_request(request):
            raise
        page = Page.objects.filter(pk=kwargs.get("page_id")).first()
        return refused_in_the_modal(request, refusal, action_name, page)
