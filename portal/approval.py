"""What finishing the clinical review workflow does (WAGTAIL_FINISH_WORKFLOW_ACTION).

Imported by Wagtail while its own models load, so this module imports nothing from them.
"""


def publish_on_approval(workflow_state, user=None):
    """Publish the approved revision: the approval is what allows publishing.

    Reviewers hold no publish permission of their own, so they cannot publish around the
    workflow; the sign-off they just gave is the check Wagtail's publish permission stands for.
    """
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
