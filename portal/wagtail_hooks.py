from django import forms
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet

from portal.governance.review_queue import DUE_SOON_DAYS, review_counts
from portal.governance.snippet_admin import (
    AdministratorsOnlyPermissionPolicy,
    ReviewedSnippetChooserViewSet,
    ReviewedSnippetPermissionPolicy,
    ReviewedSnippetViewSet,
)
from portal.governance.translations import (
    refuse_publishing_from_the_translation_editor,
    update_translations_view,
)
from portal.models import Reviewer, Symptom, SynonymGroup
from portal.security.accounts import TwoFactorSettingsPanel
from portal.site.admin_views import (
    RedFlagRegisterView,
    ReviewDueReportView,
    SearchesWithoutResultsReportView,
    readability_check,
    user_can_see_clinical_reports,
)

# Registered before the viewsets below, which would otherwise fall back to Wagtail's own policy.
register_permission_policy(Symptom, ReviewedSnippetPermissionPolicy(Symptom))
register_permission_policy(SynonymGroup, ReviewedSnippetPermissionPolicy(SynonymGroup))
register_permission_policy(Reviewer, AdministratorsOnlyPermissionPolicy(Reviewer))

# Menu labels are left to the models' names, so that each menu item says what its page is headed.


class SymptomCreationForm(forms.ModelForm):
    """A new symptom made in the symptom chooser. Its web address comes from its name, so a name
    whose address another symptom has ("Eyelid twitching!") is refused here, not at saving."""

    class Meta:
        model = Symptom
        fields = ["name", "medical_term", "synonyms", "description"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if Symptom.objects.filter(slug=slugify(name)).exists():
            raise forms.ValidationError(
                _("Another symptom already has this name's web address. Choose that one.")
            )
        return name


class SymptomChooserViewSet(ReviewedSnippetChooserViewSet):
    """Pages pick symptoms through this chooser; an editor who may add symptoms can make a new
    one in it without leaving the page, as a draft until a reviewer signs it off."""

    creation_form_class = SymptomCreationForm


class SymptomViewSet(ReviewedSnippetViewSet):
    model = Symptom
    chooser_viewset_class = SymptomChooserViewSet
    icon = "help"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "medical_term", "synonyms"]
    search_fields = ["name", "medical_term", "synonyms"]


class ReviewerViewSet(ReviewedSnippetViewSet):
    model = Reviewer
    icon = "user"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "credentials"]


class SynonymGroupViewSet(ReviewedSnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["terms", "note"]
    search_fields = ["terms"]


register_snippet(SymptomViewSet)
register_snippet(SynonymGroupViewSet)
register_snippet(ReviewerViewSet)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/searches-without-results/",
            SearchesWithoutResultsReportView.as_view(),
            name="searches_without_results",
        ),
        path(
            "reports/searches-without-results/results/",
            SearchesWithoutResultsReportView.as_view(results_only=True),
            name="searches_without_results_results",
        ),
        path("reports/review-due/", ReviewDueReportView.as_view(), name="review_due_report"),
        path(
            "reports/review-due/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="review_due_report_results",
        ),
        path("readability/<str:app_label>/<str:model_name>/", readability_check, name="readability_check"),
        path("reports/red-flags/", RedFlagRegisterView.as_view(), name="red_flag_register"),
        # Ahead of wagtail-localize's own view at this address (portal's hooks are registered
        # first): its "Publish immediately" would publish translations without a sign-off.
        path(
            "localize/update/<int:translation_source_id>/",
            update_translations_view(),
            name="update_translations_without_publishing",
        ),
        path(
            "reports/red-flags/results/",
            RedFlagRegisterView.as_view(results_only=True),
            name="red_flag_register_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_searches_without_results_menu_item():
    return MenuItem(
        _("Searches with no results"),
        reverse("searches_without_results"),
        name="searches-without-results",
        icon_name="search",
        order=1310,
    )


class ClinicalReportMenuItem(MenuItem):
    """A report for clinical editors, reviewers and administrators only."""

    def is_shown(self, request):
        return user_can_see_clinical_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    return ClinicalReportMenuItem(
        _("Pages due for review"),
        reverse("review_due_report"),
        name="review-due",
        icon_name="date",
        order=100,
    )


@hooks.register("register_reports_menu_item")
def register_red_flag_register_menu_item():
    return ClinicalReportMenuItem(
        _("Red-flag register"),
        reverse("red_flag_register"),
        name="red-flag-register",
        icon_name="warning",
        order=110,
    )


class ReviewDuePanel(Component):
    """Dashboard counts of pages overdue for clinical review and due within 30 days."""

    name = "review_due"
    order = 90
    template_name = "portal/admin/review_due_panel.html"

    def get_context_data(self, parent_context):
        return {**review_counts(), "report_url": reverse("review_due_report"), "due_soon_days": DUE_SOON_DAYS}


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    if user_can_see_clinical_reports(request.user):
        panels.append(ReviewDuePanel())


class SignOffLogFormatter(LogFormatter):
    """The "Clinical sign-off" entry of a page's history: who signed off, the dates, the statement."""

    label = _("Clinical sign-off")

    def format_message(self, log_entry):
        data = log_entry.data
        if "last_reviewed" not in data:  # a snippet, which has no review dates
            return _("Signed off by %(reviewer)s. Confirmed: \u201c%(statement)s\u201d.") % data
        message = (
            _(
                "Signed off by %(reviewer)s: reviewed %(last_reviewed)s, next review due %(next_review_due)s. "
                "Confirmed: \u201c%(statement)s\u201d."
            )
            % data
        )
        if data.get("change_note"):
            message += " " + _("What changed, for patients: \u201c%(change_note)s\u201d.") % data
        return message


@hooks.register("register_account_settings_panel")
def register_two_factor_settings_panel(request, user, profile):
    return TwoFactorSettingsPanel(request, user, profile)


@hooks.register("register_log_actions")
def register_sign_off_log_action(actions):
    # A formatter class: a plain function given as the message would be shown as the function itself.
    actions.register_action("portal.sign_off")(SignOffLogFormatter)


@hooks.register("construct_page_action_menu")
def sign_off_outside_the_edit_form(menu_items, request, context):
    """Reviewers sign off from the dashboard's "Awaiting your review", not from the edit form.

    Approving from the edit form first saves the form as a new revision by the reviewer (Wagtail
    counts the rich text editor's re-rendered HTML as a change), which four eyes then refuses.
    """
    menu_items[:] = [item for item in menu_items if item.name != "approve"]


@hooks.register("construct_snippet_action_menu")
def sign_off_snippets_outside_the_edit_form(menu_items, request, context):
    """As for pages: a reviewer signs a snippet off from the dashboard, not from its edit form.

    Wagtail offers "Publish" to whoever holds the model's publish permission (every site
    administrator); a posted publish of a snippet patients read only saves a draft, so it is not
    offered either.
    """
    can_publish = policy_registry.get_by_type(context["model"]).user_has_permission(request.user, "publish")
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "approve" and (can_publish or item.name != "action-publish")
    ]


# Before wagtail-localize's hooks of the same name (portal's are registered first).
hooks.register("before_edit_page", refuse_publishing_from_the_translation_editor)
hooks.register("before_edit_snippet", refuse_publishing_from_the_translation_editor)
