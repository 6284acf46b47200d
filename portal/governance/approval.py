"""What finishing the clinical review workflow does (WAGTAIL_FINISH_WORKFLOW_ACTION).

Imported by Wagtail while its own models load, so this module imports nothing from them at the top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from wagtail.models import WorkflowState


def publish_on_approval(workflow_state: WorkflowState, user: AbstractBaseUser | None = None) -> None:
    """Publish the approved revision: the approval is what allows publishing.

    Reviewers hold no publish permission of their own, so they cannot publish around the
    workflow; the sign-off they just gave is the check Wagtail's publish permission stands for.
    What goes live is the revision the sign-off approved (its task's, read afresh), not whatever
    is latest by now: a save in between would otherwise go live unseen.
    """
    from wagtail.models import TaskState

    approved = TaskState.objects.select_related("revision").get(pk=workflow_state.current_task_state_id)
    approved.revision.publish(user=user, skip_permission_checks=True)
