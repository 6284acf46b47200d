"""Review dates now mean a clinician's sign-off, and approval is the only way reviewers publish.

Until now editors could type a page's review dates and reviewer, and the content loader set
them from the content file, so a stored review did not show that anyone had checked the page.
This keeps a page's review only where it is what a sign-off would have written: its reviewer has
credentials and an admin account, and that account approved the page in the workflow on the
date the page says it was last reviewed. The next review is then at most
CLINICAL_REVIEW_MAX_MONTHS after it. Every other page goes back to "not yet checked by a
clinician", and the review fields are taken out of every revision that was not signed off, so no
later publish brings a typed-in review back.

Clinical reviewers lose their own publish permission: approval publishes on their behalf
(WAGTAIL_FINISH_WORKFLOW_ACTION), so they cannot publish around the workflow.
"""

import calendar
import datetime

from django.conf import settings
from django.db import migrations

CLINICAL_PAGE_MODELS = [
    ("portal", "conditionpage"),
    ("nutrition", "nutrientpage"),
    ("treatments", "medicationpage"),
    ("treatments", "physicaltherapypage"),
    ("treatments", "homeremedypage"),
    ("treatments", "lifestylechangepage"),
]
REVIEW_FIELDS = ("last_reviewed", "next_review_due", "reviewer")
REVIEWERS = "Clinical reviewers"


def add_months(date, months):
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def signed_off(page, approvals):
    reviewer = page.reviewer
    return bool(
        page.last_reviewed
        and reviewer is not None
        and reviewer.user_id is not None
        and reviewer.credentials.strip()
        and (page.pk, reviewer.user_id, page.last_reviewed) in approvals
    )


def keep_only_signed_off_reviews(apps, schema_editor):
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    Revision = apps.get_model("wagtailcore", "Revision")
    approvals = {
        (page_id, user_id, timestamp.date())
        for page_id, user_id, timestamp in PageLogEntry.objects.filter(
            action="wagtail.workflow.approve"
        ).values_list("page_id", "user_id", "timestamp")
    }
    for app_label, model_name in CLINICAL_PAGE_MODELS:
        model = apps.get_model(app_label, model_name)
        kept_revisions = set()
        for page in model.objects.select_related("reviewer").iterator():
            if signed_off(page, approvals):
                latest_due = add_months(page.last_reviewed, settings.CLINICAL_REVIEW_MAX_MONTHS)
                if page.next_review_due is None or not page.last_reviewed < page.next_review_due <= latest_due:
                    page.next_review_due = min(
                        add_months(page.last_reviewed, settings.CLINICAL_REVIEW_MONTHS), latest_due
                    )
                    page.save(update_fields=["next_review_due"])
                if page.live_revision_id:
                    kept_revisions.add(page.live_revision_id)
            else:
                page.last_reviewed = page.next_review_due = page.reviewer = None
                page.save(update_fields=list(REVIEW_FIELDS))
        revisions = Revision.objects.filter(
            content_type__app_label=app_label, content_type__model=model_name
        ).exclude(pk__in=kept_revisions)
        for revision in revisions.iterator():
            if any(revision.content.get(name) is not None for name in REVIEW_FIELDS):
                revision.content.update(dict.fromkeys(REVIEW_FIELDS))
                revision.save(update_fields=["content"])


def publish_only_through_approval(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name=REVIEWERS, permission__content_type__app_label="wagtailcore", permission__codename="publish_page"
    ).delete()


def give_reviewers_publish_permission_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    group, root = Group.objects.filter(name=REVIEWERS).first(), Page.objects.filter(depth=1).first()
    if group and root:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_content_version"),
        ("nutrition", "0003_food_name_word_prefix"),
        ("treatments", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        # Reviews that were typed in cannot be told apart from signed-off ones once cleared.
        migrations.RunPython(keep_only_signed_off_reviews, migrations.RunPython.noop),
        migrations.RunPython(publish_only_through_approval, give_reviewers_publish_permission_back),
    ]
