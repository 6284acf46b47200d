"""The content version: one row that every change to what patients see moves on.

Caches hold rendered pages and derived data under the version they were made at. The version
lives in the database, not in a cache, so that every process (each gunicorn worker, cron's
publish_scheduled, another server) sees a change as soon as its transaction commits, whatever
cache is deployed. See portal.caching.version for how it is read and moved on, and docs/caching.md.
"""

from django.db import models


class ContentVersion(models.Model):
    # What caches are kept under, not content: changing it is what a content change does.
    shown_to_patients = False
    # A fresh random token on every change rather than a counter: a transaction that moved the
    # version on and then rolled back must never leave its number to a later change.
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()
    # The soonest moment a live page is due to expire: the first request after it withdraws the
    # page, whether or not cron has run publish_scheduled yet.
    next_expiry = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="one_content_version")]

    def __str__(self) -> str:
        return f"content version {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
