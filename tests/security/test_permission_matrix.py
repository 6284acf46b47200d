"""Who may open what in the admin: every role against every admin and preview screen.

Each cell is 200 (allowed), LOGIN (302 to the sign-in form) or 403, and nothing else: a
signed-in user without the permission is refused outright, not bounced to the dashboard.
"""

import json
from http import HTTPStatus

from django.urls import reverse

import pytest

from portal.models import ConditionPage

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN = HTTPStatus.OK, "login", HTTPStatus.FORBIDDEN
ROLES = ("anonymous", "editor", "reviewer", "superuser")

# screen: (url template, {role: expected}); {page} is the muscle-twitching condition page.
MATRIX = {
    "page edit": ("/admin/pages/{page}/edit/", (LOGIN, OK, OK, OK)),
    "preview": ("/admin/pages/{page}/edit/preview/", (LOGIN, OK, OK, OK)),
    "draft view": ("/admin/pages/{page}/view_draft/", (LOGIN, OK, OK, OK)),
    "revisions compare": ("/admin/pages/{page}/revisions/compare/earliest...latest/", (LOGIN, OK, OK, OK)),
    "history": ("/admin/pages/{page}/history/", (LOGIN, OK, OK, OK)),
    "copy": ("/admin/pages/{page}/copy/", (LOGIN, OK, OK, OK)),
    # Only an approval publishes; taking a page off the site at once is the superusers' emergency path.
    "unpublish": ("/admin/pages/{page}/unpublish/", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "delete": ("/admin/pages/{page}/delete/", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "snippets": ("/admin/snippets/portal/symptom/", (LOGIN, OK, OK, OK)),
    "images": ("/admin/images/", (LOGIN, OK, OK, OK)),
    "documents": ("/admin/documents/", (LOGIN, OK, OK, OK)),
    "users": ("/admin/users/", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "groups": ("/admin/groups/", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "sites": ("/admin/sites/", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "workflows": ("/admin/workflows/list/", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "redirects": ("/admin/redirects/", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "promoted search results": ("/admin/searchpicks/", (LOGIN, OK, OK, OK)),
    "add a promoted search result": ("/admin/searchpicks/add/", (LOGIN, OK, OK, OK)),
    "review-due report": ("/admin/reports/review-due/", (LOGIN, OK, OK, OK)),
    "red-flag register": ("/admin/reports/red-flags/", (LOGIN, OK, OK, OK)),
    "searches without results report": ("/admin/reports/searches-without-results/", (LOGIN, OK, OK, OK)),
    "site history report": ("/admin/reports/site-history/", (LOGIN, OK, OK, OK)),
    "account": ("/admin/account/", (LOGIN, OK, OK, OK)),
    "two-factor set-up": ("/admin/account/two_factor/setup/", (LOGIN, OK, OK, OK)),
}
CELLS = [(screen, role) for screen in MATRIX for role in ROLES]


@pytest.mark.parametrize(("screen", "role"), CELLS, ids=[f"{screen}-{role}" for screen, role in CELLS])
def test_each_role_gets_exactly_what_it_is_allowed(client, request, screen, role):
    url_template, expected_by_role = MATRIX[screen]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = url_template.format(page=ConditionPage.objects.get(slug="muscle-twitching").pk)
    response = client.get(url)
    expected = expected_by_role[ROLES.index(role)]
    if expected == LOGIN:
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/admin/account/login/?next=")
    else:
        assert response.status_code == expected


def test_a_refused_action_changes_nothing(client, editor):
    condition = ConditionPage.objects.get(slug="muscle-twitching")
    client.force_login(editor)
    assert client.post(f"/admin/pages/{condition.pk}/unpublish/").status_code == HTTPStatus.FORBIDDEN
    assert client.post(f"/admin/pages/{condition.pk}/delete/").status_code == HTTPStatus.FORBIDDEN
    condition.refresh_from_db()
    assert condition.live
    refused = client.get("/admin/users/")
    assert b"does not have permission" in refused.content


# The sign-off form opens only for a reviewer with credentials who did not edit the change;
# a superuser without a reviewer profile can request changes but not sign off. The forms are
# modals fetched by script, which Wagtail refuses outright when nobody is signed in.
SIGN_OFF = {"approve": (FORBIDDEN, FORBIDDEN, OK, FORBIDDEN), "reject": (FORBIDDEN, FORBIDDEN, OK, OK)}
SIGN_OFF_CELLS = [(action, role) for action in SIGN_OFF for role in ROLES]


def review_action_answer(response):
    """The status of a review action's modal. A signed-in user it is not open to is refused in the
    modal itself (it closes and says why), which counts as 403 here."""
    if response.status_code == HTTPStatus.OK and json.loads(response.content)["step"] == "success":
        return HTTPStatus.FORBIDDEN
    return response.status_code


@pytest.mark.parametrize(
    ("action", "role"), SIGN_OFF_CELLS, ids=[f"{action}-{role}" for action, role in SIGN_OFF_CELLS]
)
def test_each_role_gets_exactly_the_review_actions_it_is_allowed(client, request, editor, action, role):
    page = ConditionPage.objects.get(slug="muscle-twitching")
    page.save_revision(user=editor)
    task_state = page.get_workflow().start(page, editor).current_task_state
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert review_action_answer(response) == SIGN_OFF[action][ROLES.index(role)]


# The snippets patients read: editors and reviewers edit them as drafts, which only a sign-off
# publishes; taking a live one off the site at once (unpublish, delete) is the superusers'
# emergency path; reviewer profiles are managed by superusers only. {symptom}, {food}, {synonyms}
# and {reviewer} are a shipped symptom, food and synonym group and a reviewer profile.
SNIPPET_MATRIX = {
    "symptom list": ("/admin/snippets/portal/symptom/", (LOGIN, OK, OK, OK)),
    "symptom add": ("/admin/snippets/portal/symptom/add/", (LOGIN, OK, OK, OK)),
    "symptom edit": ("/admin/snippets/portal/symptom/edit/{symptom}/", (LOGIN, OK, OK, OK)),
    "symptom history": ("/admin/snippets/portal/symptom/history/{symptom}/", (LOGIN, OK, OK, OK)),
    "symptom revisions compare": (
        "/admin/snippets/portal/symptom/history/{symptom}/revisions/compare/earliest...latest/",
        (LOGIN, OK, OK, OK),
    ),
    "symptom unpublish": (
        "/admin/snippets/portal/symptom/unpublish/{symptom}/",
        (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    ),
    "symptom delete": ("/admin/snippets/portal/symptom/delete/{symptom}/", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "food list": ("/admin/snippets/nutrition/food/", (LOGIN, OK, OK, OK)),
    "food edit": ("/admin/snippets/nutrition/food/edit/{food}/", (LOGIN, OK, OK, OK)),
    "food unpublish": ("/admin/snippets/nutrition/food/unpublish/{food}/", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "food delete": ("/admin/snippets/nutrition/food/delete/{food}/", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "synonym group edit": ("/admin/snippets/portal/synonymgroup/edit/{synonyms}/", (LOGIN, OK, OK, OK)),
    "synonym group unpublish": (
        "/admin/snippets/portal/synonymgroup/unpublish/{synonyms}/",
        (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    ),
    "reviewer list": ("/admin/snippets/portal/reviewer/", (LOGIN, OK, OK, OK)),
    "reviewer add": ("/admin/snippets/portal/reviewer/add/", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "reviewer edit": ("/admin/snippets/portal/reviewer/edit/{reviewer}/", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "reviewer unpublish": (
        "/admin/snippets/portal/reviewer/unpublish/{reviewer}/",
        (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    ),
    "reviewer delete": (
        "/admin/snippets/portal/reviewer/delete/{reviewer}/",
        (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    ),
}
SNIPPET_CELLS = [(screen, role) for screen in SNIPPET_MATRIX for role in ROLES]


def shipped_snippets():
    from nutrition.models import Food
    from portal.models import Symptom, SynonymGroup
    from tests.portal.factories import ReviewerFactory

    return {
        "symptom": Symptom.objects.get(slug="muscle-twitching").pk,
        "food": Food.objects.get(slug="banana").pk,
        "synonyms": SynonymGroup.objects.get(terms__startswith="eyelid").pk,
        "reviewer": ReviewerFactory(name="Dr Matrix").pk,
    }


@pytest.mark.parametrize(
    ("screen", "role"), SNIPPET_CELLS, ids=[f"{screen}-{role}" for screen, role in SNIPPET_CELLS]
)
def test_each_role_gets_exactly_the_snippet_screens_it_is_allowed(client, request, screen, role):
    url_template, expected_by_role = SNIPPET_MATRIX[screen]
    url = url_template.format(**shipped_snippets())
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(url)
    expected = expected_by_role[ROLES.index(role)]
    if expected == LOGIN:
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/admin/account/login/?next=")
    else:
        assert response.status_code == expected


def test_a_refused_snippet_action_changes_nothing(client, editor):
    from portal.models import Symptom

    symptom = Symptom.objects.get(slug="muscle-twitching")
    client.force_login(editor)
    assert client.post(f"/admin/snippets/portal/symptom/unpublish/{symptom.pk}/").status_code == FORBIDDEN
    assert client.post(f"/admin/snippets/portal/symptom/delete/{symptom.pk}/").status_code == FORBIDDEN
    symptom.refresh_from_db()
    assert symptom.live


@pytest.mark.parametrize(
    ("action", "role"), SIGN_OFF_CELLS, ids=[f"{action}-{role}" for action, role in SIGN_OFF_CELLS]
)
def test_each_role_gets_exactly_the_review_actions_it_is_allowed_on_a_snippet(
    client, request, editor, action, role
):
    from nutrition.models import Food

    food = Food.objects.get(slug="banana")
    food.description = "Waiting for a sign-off."
    food.save_revision(user=editor)
    task_state = food.get_workflow().start(food, editor).current_task_state
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(
        reverse("wagtailsnippets_nutrition_food:workflow_action", args=[food.pk, action, task_state.pk]),
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert review_action_answer(response) == SIGN_OFF[action][ROLES.index(role)]


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_only_administrators_change_who_is_named_as_a_pages_reviewer(client, request, role, superuser):
    """The outside review renamed the reviewer every signed page names, as an editor, live."""
    from portal.models import Reviewer

    request.getfixturevalue("reviewer")
    profile = Reviewer.objects.get(name="Dr Ada Lane")
    client.force_login(request.getfixturevalue(role))
    edit = f"/admin/snippets/portal/reviewer/edit/{profile.pk}/"
    assert client.get("/admin/snippets/portal/reviewer/").status_code == OK
    assert client.get(edit).status_code == FORBIDDEN
    client.post(edit, {"name": "Dr Editor Himself", "credentials": "none"})
    profile.refresh_from_db()
    assert profile.name == "Dr Ada Lane"
    client.force_login(superuser)
    assert client.get(edit).status_code == OK


# The reading-level check is posted by the edit form's script; it reads only what it is sent.
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_reading_level_check_it_is_allowed(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("readability_check", args=["portal", "conditionpage"]), {"summary": "x"})
    if role == "anonymous":
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/admin/account/login/?next=")
    else:
        assert response.status_code == OK
