"""The admin for snippets patients read: edited as drafts, published only by a clinical sign-off.

Each app registers its own snippets with ReviewedSnippetViewSet and the permission policy that
fits them (in its wagtail_hooks.py).
"""

from django.core.exceptions import PermissionDenied

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import (
    CollectWorkflowActionDataView,
    DeleteView,
    SnippetViewSet,
    WorkflowActionView,
)

from portal.workflow_views import RefusalShownInTheModal


class ReviewedSnippetPermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, except that only site administrators delete a live snippet.

    Deleting takes a symptom or food off every page at once, without a review, so it is the
    administrators' emergency path, as unpublishing is for pages. Editors may still delete a
    snippet that was never published.
    """

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and instance.live and not user.is_superuser:
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def users_with_any_permission_for_instance(self, actions, instance):
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

    def user_has_permission(self, user, action):
        if action != "view":
            return user.is_active and user.is_superuser
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        users = super().users_with_any_permission(actions)
        return users if "view" in actions else users.filter(is_superuser=True)


class SignOffFormForTheObject:
    """Wagtail asks the task for the form of an action without saying for what; the sign-off of a
    snippet has no review dates, so the task is told."""

    def get_form_class(self):
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

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission_for_instance("delete", self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReviewedSnippetViewSet(SnippetViewSet):
    """A snippet with drafts and the clinical review workflow (portal.models.ReviewedSnippetMixin)."""

    delete_view_class = ReviewedSnippetDeleteView
    workflow_action_view_class = SnippetWorkflowActionView
    collect_workflow_action_data_view_class = SnippetCollectWorkflowActionDataView
