from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from portal.governance.review_queue import DUE_SOON_DAYS, pages_due_for_review
from portal.models import Reviewer


class Command(BaseCommand):
    help = (
        "Email each clinical reviewer the pages they reviewed that are overdue for review or due "
        f"within {DUE_SOON_DAYS} days. Meant for a daily cron job."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        due_by_reviewer = {}
        for page in pages_due_for_review(today):
            if page.reviewer_id:
                due_by_reviewer.setdefault(page.reviewer_id, []).append(page)
        sent = 0
        reviewers = Reviewer.objects.filter(pk__in=due_by_reviewer)
        for reviewer in reviewers:
            if not reviewer.email:
                self.stderr.write(
                    f"No email address for {reviewer}: {len(due_by_reviewer[reviewer.pk])} pages due."
                )
                continue
            send_mail(
                subject=f"{len(due_by_reviewer[reviewer.pk])} pages due for clinical review",
                message=self.message(reviewer, due_by_reviewer[reviewer.pk], today),
                from_email=None,
                recipient_list=[reviewer.email],
            )
            sent += 1
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} review reminder{'s' if sent != 1 else ''}."))

    def message(self, reviewer, pages, today):
        def line(page):
            edit_url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[page.pk])
            return f"- {page.title} (due {page.review_due:%d %B %Y}): {edit_url}"

        overdue = [line(page) for page in pages if page.review_due < today]
        due_soon = [line(page) for page in pages if page.review_due >= today]
        sections = [f"Dear {reviewer.name},", ""]
        if overdue:
            sections += ["These pages are overdue for review:", *overdue, ""]
        if due_soon:
            sections += [f"These pages are due for review in the next {DUE_SOON_DAYS} days:", *due_soon, ""]
        sections.append("Patients see the review dates on every page. Thank you for keeping them current.")
        return "\n".join(sections)
