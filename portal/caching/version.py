"""The content version: read once per request, moved on by every change patients would see.

Why it lives in the database (portal.caching.models.ContentVersion), and how the rest of the
portal keeps derived data under it, is told in docs/caching.md. In short:
- bump_content_version() moves it on inside the change's own transaction (the receivers in
  portal.caching.signals call it), to a fresh random token, so a rolled-back change can never
  lend its token to a later one.
- Each request reads it once, in one indexed single-row query; a process that has not heard of a
  change still reads the new token, so it can only miss what it kept, never serve it.
- A page due to expire is withdrawn by the first request after its expiry time, in a
  transaction of its own, rather than whenever cron next runs publish_scheduled.

During a database outage the version cannot be read; nothing can be published or withdrawn
either, so each process goes on with the last version it read.
"""

import contextvars
import datetime
import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

if TYPE_CHECKING:
    from wagtail.models import DraftStateMixin

logger = logging.getLogger(__name__)

VERSION_QUERY = "SELECT token, next_expiry FROM portal_contentversion WHERE id = 1"

# The version this request read, so that a request sees one consistent version throughout.
_request_version: contextvars.ContextVar[list[str | None]] = contextvars.ContextVar("portal_content_version")
# The version each process last read: what it goes on with while the database is unreachable.
_last_read: str | None = None


def _select_version() -> tuple[str, datetime.datetime | None]:
    with connection.cursor() as cursor:
        cursor.execute(VERSION_QUERY)
        row = cursor.fetchone()
    if row is None:
        # Only a database emptied without its migrations' data (a test flush) lacks the row.
        apps.get_model("portal", "ContentVersion").objects.get_or_create(
            pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
        )
        return _select_version()
    token, next_expiry = row
    if isinstance(next_expiry, str):  # SQLite hands raw SQL its text
        parsed = parse_datetime(next_expiry)
        assert parsed is not None  # written by Django, so always a date and time
        next_expiry = timezone.make_aware(parsed, datetime.UTC)
    return token, next_expiry


def _version_row() -> tuple[str, datetime.datetime | None]:
    """The version and the soonest expiry, in one query of its own, kept as plain SQL.

    It is the first query of nearly every request, so it also stands in for Django's connection
    health check (CONN_HEALTH_CHECKS), which would cost a round trip of its own: a kept
    connection that the database dropped fails it, and is opened afresh once.
    """
    # health_check_enabled and health_check_done are Django's (5.1+), not yet in django-stubs.
    kept = (
        connection.health_check_enabled  # type: ignore[attr-defined]
        and connection.connection is not None
        and not connection.health_check_done  # type: ignore[attr-defined]
        and not connection.in_atomic_block
    )
    if kept:
        connection.health_check_done = True  # type: ignore[attr-defined]
    try:
        return _select_version()
    except (OperationalError, InterfaceError):
        if not kept:
            raise
        connection.close()
        return _select_version()


def _read_version() -> str:
    global _last_read
    try:
        token, next_expiry = _version_row()
    except (OperationalError, InterfaceError):
        if _last_read is None:
            raise
        return _last_read
    if next_expiry is not None and next_expiry <= timezone.now():
        expire_due_content()
        token, next_expiry = _version_row()
    _last_read = token
    return token


def current_version() -> str:
    """The content version, read once per request (and afresh on each call outside one)."""
    memo = _request_version.get(None)
    if memo is None:
        return _read_version()
    version = memo[0]
    if version is None:
        version = memo[0] = _read_version()
    return version


# Whether content changed in the connection's open transaction is the connection's own state,
# kept on it (Django gives each thread its own connection).
CHANGED_FLAG = "portal_content_changed"


def changed_in_open_transaction() -> bool:
    """Whether this connection has changed content in a transaction not yet committed: what it
    reads now may never be committed, so nothing is kept."""
    return getattr(connection, CHANGED_FLAG, False)


def _mark_changed(changed: bool) -> None:
    setattr(connection, CHANGED_FLAG, changed)


def _committed() -> None:
    _mark_changed(False)


def bump_content_version(*, reconsider_expiry: bool = False) -> None:
    """Move the content version on, inside the current transaction: everything kept is renewed.

    The one way to say "what patients see has changed". With reconsider_expiry, something that
    may expire (a page, a snippet with drafts) changed, so the soonest expiry is worked out again.
    """
    ContentVersion = apps.get_model("portal", "ContentVersion")
    fields: dict[str, Any] = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    if reconsider_expiry:
        fields["next_expiry"] = soonest_expiry()
    if not ContentVersion.objects.filter(pk=1).update(**fields):
        ContentVersion.objects.update_or_create(pk=1, defaults={**fields, "next_expiry": soonest_expiry()})
    memo = _request_version.get(None)
    if memo is not None:
        memo[0] = fields["token"]
    _mark_changed(True)
    transaction.on_commit(_committed)


# Saving a draft, or locking for editing, writes only these on the live object.
DRAFT_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "wagtail_admin_comments",
    "locked",
    "locked_at",
    "locked_by",
}


def saves_only_a_draft(update_fields: Any) -> bool:
    """Whether a save (of a page or a snippet with drafts) leaves what patients see as it was."""
    return bool(update_fields) and set(update_fields) <= DRAFT_FIELDS


def expiring_models() -> list[type["DraftStateMixin"]]:
    from wagtail.models import DraftStateMixin, Page

    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page) and not model._meta.abstract
    ]


def soonest_expiry() -> datetime.datetime | None:
    expiries = [
        model._default_manager.filter(live=True, expire_at__isnull=False)
        .order_by("expire_at")
        .values_list("expire_at", flat=True)[:1]
        for model in expiring_models()
    ]
    return min((found[0] for found in expiries if found), default=None)


def expire_due_content() -> None:
    """Withdraw what is due to expire now, as publish_scheduled does, in one transaction.

    Several processes may notice at once: the row lock lets one withdraw, and the others find
    nothing left to do once it commits.
    """
    ContentVersion = apps.get_model("portal", "ContentVersion")
    with transaction.atomic():
        version = ContentVersion.objects.select_for_update().filter(pk=1).first()
        if version is None or version.next_expiry is None or version.next_expiry > timezone.now():
            return
        for model in expiring_models():
            for obj in list(model._default_manager.filter(live=True, expire_at__lte=timezone.now())):
                logger.info("Withdrawing %s, which expired at %s", obj, obj.expire_at)
                obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
        # Unpublishing moved the version on already; this also covers content that expired
        # while not live, and records that nothing is due any more.
        bump_content_version(reconsider_expiry=True)


class ContentVersionMiddleware:
    """One content version for the whole of a request, read when first needed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A request starts outside any transaction: whatever an earlier one left unfinished on
        # this connection was rolled back.
        _mark_changed(False)
        token = _request_version.set([None])
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)
