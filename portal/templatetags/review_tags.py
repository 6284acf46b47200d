"""What a reviewer sees before signing off: the change against the live page."""

from django import template

register = template.Library()


@register.inclusion_tag("portal/admin/changes_against_live.html", takes_context=True)
def changes_against_live(context, obj):
    """The fields of the latest revision that differ from the live page, as Wagtail's compare view shows them."""
    page = obj.specific
    if not page.live:
        return {"live": None}
    draft = page.get_latest_revision().as_object()
    panel = page.get_edit_handler().get_bound_panel(instance=page, request=context["request"], form=None)
    changes = [
        diff for comparison in panel.get_comparison() if (diff := comparison(page, draft)).has_changed()
    ]
    return {"live": page, "changes": changes}
