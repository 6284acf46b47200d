"""What patients may see of the page tree: which pages have a view restriction (a password, a sign-in,
a group), and leaving them out of a query. Shared by every layer that lists pages."""

from typing import TypeVar

from django.db.models import Q, QuerySet

from wagtail.models import Page, PageViewRestriction

from portal.caching.remember import remember

QuerySetT = TypeVar("QuerySetT", bound=QuerySet)


def restricted_paths() -> list[str]:
    """The tree paths of pages with a view restriction (few or none), kept until access changes."""
    return remember(
        "restricted-paths",
        compute=lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def exclude_restricted(queryset: QuerySetT, path_field: str = "path") -> QuerySetT:
    """Like PageQuerySet.public(), but without a query of its own, and no condition when nothing is
    restricted. With `path_field`, for rows that point to pages (e.g. "condition__path")."""
    condition = Q()
    for restricted_path in restricted_paths():
        condition |= Q(**{f"{path_field}__startswith": restricted_path})
    return queryset.exclude(condition) if condition else queryset


def is_restricted(page: Page) -> bool:
    """Whether the page or a page above it has a view restriction."""
    return any(page.path.startswith(path) for path in restricted_paths())
