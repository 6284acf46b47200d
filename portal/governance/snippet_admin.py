"""The admin for snippets patients read: edited as drafts, published only by a clinical sign-off.

Each app registers its own snippets with ReviewedSnippetViewSet and the permission policy that
fits them (in its wagtail_hooks.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail.actions import action_registry
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import (
    CollectWorkflowActionDataView,
    CopyView,
    DeleteView,
    HistoryView,
    RevisionsUnscheduleView,
    SnippetViewSet,
    UnpublishView,
    WorkflowActionView,
)

from portal.governance.workflow_views import RefusalShownInTheModal

if TYPE_CHECKING:
    from django import forms
    from django.contrib.auth.models import AbstractUser, AnonymousUser
    from django.db import models
    from django.db.models import QuerySet
    from django.http import HttpRequest, HttpResponseBase

    from wagtail.admin.views.generic.workflow import BaseWorkflowFormView
    from wagtail.models import DraftStateMixin
else:
    # The views this mixes into: their attributes and methods, for the type checker only.
    BaseWorkflowFormView = object

# Taking a snippet off the site at once (unpublishing it, or cancelling a scheduled publish): the
# site administrators' emergency path. Wagtail asks for "publish" for these; the viewset's views
# ask for this instead, so that "publish" can mean publishing only.
UNPUBLISH = "unpublish"


class ReviewedSnippetPermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, except that nobody publishes and only site administrators take a
    live snippet off the site.

    Only a reviewer's approval publishes (portal.governance.approval, which skips this check), site
    administrators included, as for pages: a symptom or food an administrator published directly
    would show on pages that name the clinician who signed them off. Deleting or unpublishing
    takes a symptom or food off every page at once, without a review, so it is the
    administrators' emergency path. Editors may still delete a snippet that was never published.
    """

    def user_has_permission(self, user: AbstractUser | AnonymousUser, action: str) -> bool:
        if action == "publish":
            return False
        if action == UNPUBLISH:
            return user.is_active and user.is_superuser
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions: Sequence[str]) -> QuerySet[AbstractUser]:
        superusers = get_user_model().objects.filter(is_active=True, is_superuser=True)
        granted = [action for action in actions if action not in ("publish", UNPUBLISH)]
        users = super().users_with_any_permission(granted) if granted else get_user_model().objects.none()
        return (users | superusers).distinct() if UNPUBLISH in actions else users

    def user_has_permission_for_instance(
        self, user: AbstractUser | AnonymousUser, action: str, instance: DraftStateMixin
    ) -> bool:
        if action == "delete" and instance.live and not user.is_superuser:
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def users_with_any_permission_for_instance(
        self, actions: Sequence[str], instance: DraftStateMixin
    ) -> QuerySet[AbstractUser]:
        users = super().users_with_any_permission_for_instance(actions, instance)
        if set(actions) == {"delete"} and instance.live:
            return users.filter(is_superuser=True)
        return users


class AdministratorsOnlyPermissionPolicy(ModelPermissionPolicy):
    """Seen by whoever may view them, added, changed or removed by site administrators only.

    For reviewer profiles: patients read the name and credentials on every page a reviewer signed,
    and the linked account is who may sign as them. A permission given to a group by mistake
    cannot change that.
    """

    def user_has_permission(self, user: AbstractUser | AnonymousUser, action: str) -> bool:
        if action != "view":
            return user.is_active and user.is_superuser
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions: Sequence[str]) -> QuerySet[AbstractUser]:
        users = super().users_with_any_permission(actions)
        return users if "view" in actions else users.filter(is_superuser=True)


class SignOffFormForTheObject(BaseWorkflowFormView):
    """Wagtail asks the task for the form of an action without saying for what; the sign-off of a
    snippet has no review dates, so the task is told."""

    def get_form_class(self) -> type[forms.Form]:
        form_for = getattr(self.task, "get_form_for_object_action", None)
        if form_for is None:
            return super().get_form_class()
        return form_for(self.action_name, self.object)


class SnippetWorkflowActionView(RefusalShownInTheModal, SignOffFormForTheObject, WorkflowActionView):
    pass


class SnippetCollectWorkflowActionDataView(SignOffFormForTheObject, CollectWorkflowActionDataView):
    pass


class ReviewedSnippetDeleteView(DeleteView):
    """Asks the permission policy about this snippet, not only about the model (Wagtail's view
    does not; the bulk delete action does)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not self.user_has_permission_for_instance("delete", self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DraftSnippetCreateView(SnippetCreateView):
    """The chooser's "Create" tab makes a draft, as "Save draft" in the snippets admin does: not
    live, with a first revision by the editor, for a reviewer to sign off in the clinical review
    workflow. (Wagtail's chooser saves the form as it is, which would make the snippet live.)"""

    def save_form(self, form: forms.ModelForm[Any]) -> models.Model:
        create = action_registry.get_action_class(self.model_class, "create")
        # The action checks the add permission again, and logs the creation as the admin's does.
        return create(form.instance, user=self.request.user, form=form, publish=False).execute()


class ReviewedSnippetChooserViewSet(SnippetChooserViewSet):
    """The chooser of a snippet under review: whatever its Create tab makes is a draft."""

    create_view_class = DraftSnippetCreateView
    creation_tab_label = _("Create")
    create_action_label = _("Create as a draft")
    create_action_clicked_label = _("Creating…")


class ReviewedSnippetCopyView(CopyView):
    """Wagtail's "Duplicate": the add form filled in from the snippet, which posts to the add view.

    Wagtail's copy view also takes a POST itself, and then saves the form into the snippet it was
    copied from: a live symptom or food rewritten in place and taken off every page at once,
    without a review. Only showing the form is left to it.
    """

    http_method_names = ["get", "head", "options"]


class ReviewedSnippetUnpublishView(UnpublishView):
    permission_required = UNPUBLISH


class ReviewedSnippetUnscheduleView(RevisionsUnscheduleView):
    permission_required = UNPUBLISH


class ReviewedSnippetHistoryView(HistoryView):
    def user_can_unschedule(self) -> bool:
        return self.user_has_permission(UNPUBLISH)


class ReviewedSnippetViewSet(SnippetViewSet):
    """A snippet with drafts and the clinical review workflow (portal.core.mixins.ReviewedSnippetMixin)."""

    chooser_viewset_class = ReviewedSnippetChooserViewSet
    copy_view_class = ReviewedSnippetCopyView
    delete_view_class = ReviewedSnippetDeleteView
    unpublish_view_class = ReviewedSnippetUnpublishView
    revisions_unschedule_view_class = ReviewedSnippetUnscheduleView
    history_view_class = ReviewedSnippetHistoryView
    workflow_action_view_class = SnippetWorkflowActionView
    collect_workflow_action_data_view_class = SnippetCollectWorkflowActionDataView
