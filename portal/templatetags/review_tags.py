"""What a reviewer sees before signing off: the change against the live page or snippet."""

from django import template

from wagtail.models import Page

register = template.Library()


@register.inclusion_tag("portal/admin/changes_against_live.html", takes_context=True)
def changes_against_live(context, obj, revision):
    """The fields of a revision that differ from the live version, as Wagtail's compare view shows them."""
    if isinstance(obj, Page):
        live = obj.specific
        edit_handler = live.get_edit_handler()
    else:
        # A snippet: its row is the live version, its form is its viewset's.
        live = obj
        edit_handler = obj.snippet_viewset.get_edit_handler()
    kind = live._meta.verbose_name
    if not live.live:
        return {"live": None, "kind": kind}
    draft = revision.as_object()
    panel = edit_handler.get_bound_panel(instance=live, request=context["request"], form=None)
    changes = [
        diff for comparison in panel.get_comparison() if (diff := comparison(live, draft)).has_changed()
    ]
    return {"live": live, "changes": changes, "kind": kind}
