"""Anonymous visitors get cached pages; editors, drafts and previews never go through the cache."""

import datetime

from django.template import Context, Template, TemplateSyntaxError

import pytest

from nutrition.models import Food
from portal.models import ConditionPage
from tests.html import page_text, soup
from tests.portal.factories import ReviewerFactory
from treatments.models import MedicationPage

pytestmark = pytest.mark.django_db

URL = "/conditions/muscle-twitching/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def visit(client, url=URL):
    response = client.get(url)
    return response, response.get("X-Page-Cache")


def test_second_visit_is_served_from_the_cache(client):
    first, state = visit(client)
    assert state == "miss"
    second, state = visit(client)
    assert state == "hit"
    assert second.content == first.content
    assert second["Content-Type"].startswith("text/html")


def test_browsers_and_cdns_ask_again_every_time_and_get_304_while_nothing_changed(client):
    """Neither hears that a page was withdrawn, so neither may reuse one without asking."""
    first, _ = visit(client)
    assert first["Cache-Control"] == "public, no-cache" and "s-maxage" not in first["Cache-Control"]
    unchanged = client.get(URL, headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304
    ConditionPage.objects.get(locale__language_code="en").unpublish()
    assert client.get(URL, headers={"If-None-Match": first["ETag"]}).status_code == 404


def test_operators_may_let_browsers_and_a_cdn_reuse_pages(client, settings):
    settings.PAGE_BROWSER_CACHE_SECONDS = 60
    settings.CDN_CACHE_SECONDS = 300
    cache_control = visit(client)[0]["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control and "s-maxage=300" in cache_control


def test_a_draft_never_reaches_an_anonymous_visitor(client):
    visit(client)
    page = ConditionPage.objects.get(locale__language_code="en")
    page.summary = "An unreviewed draft."
    page.save_revision()
    response, state = visit(client)
    assert "An unreviewed draft." not in page_text(response)
    assert state == "hit"  # saving a draft changes nothing patients see, so nothing is renewed
    page.get_latest_revision().publish()
    response, state = visit(client)
    assert state == "miss" and "An unreviewed draft." in page_text(response)


def test_a_page_made_private_leaves_the_cache_at_once(client):
    from wagtail.models import PageViewRestriction

    visit(client)
    assert visit(client)[1] == "hit"
    page = ConditionPage.objects.get(locale__language_code="en")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="for staff"
    )
    response, _ = visit(client)
    assert "This page needs a password" in page_text(response)
    assert "twitch" not in page_text(response).lower()
    restriction.delete()
    response, state = visit(client)
    assert state == "miss" and response.status_code == 200


def test_unpublishing_removes_the_page_at_once(client):
    visit(client)
    ConditionPage.objects.get(locale__language_code="en").unpublish()
    assert client.get(URL).status_code == 404


def test_deleting_and_moving_pages_refresh_pages_that_link_to_them(client):
    visit(client)
    MedicationPage.objects.get(slug="anticonvulsants").delete()
    assert "Anticonvulsants" not in page_text(client.get(URL))
    visit(client, "/treatments/")
    relaxants = MedicationPage.objects.get(slug="muscle-relaxants")
    relaxants.move(
        ConditionPage.objects.get(locale__language_code="en").get_parent().get_parent(), pos="last-child"
    )
    assert "Muscle relaxants" not in page_text(client.get("/treatments/"))


def test_a_changed_snippet_refreshes_the_pages_that_show_it(client):
    reviewer = ReviewerFactory(name="Dr Old Reviewer")
    ConditionPage.objects.update(reviewer=reviewer, last_reviewed=datetime.date(2026, 11, 25))
    visit(client)
    reviewer.name = "Dr New Reviewer"
    reviewer.save()
    assert "Dr New Reviewer" in page_text(client.get(URL))
    visit(client, "/nutrition/potassium/")
    banana = Food.objects.get(slug="banana")
    amount = banana.nutrient_amounts.get(nutrient__slug="potassium")
    amount.quantity = 450
    amount.save()
    assert "Banana 1 medium banana 450 mg" in page_text(client.get("/nutrition/potassium/"))


def test_logged_in_editors_and_odd_requests_bypass_the_cache(client, admin_client):
    visit(client)
    assert visit(admin_client)[1] is None  # a session cookie: never cached, never served from cache
    assert visit(client, URL + "?utm_source=x")[1] is None
    assert visit(client, "/search/?q=banana")[1] is None
    page = ConditionPage.objects.get(locale__language_code="en")
    preview = admin_client.get(f"/admin/pages/{page.pk}/edit/preview/")
    assert preview.get("X-Page-Cache") is None


def test_a_port_in_the_host_header_neither_multiplies_cached_pages_nor_changes_them(client):
    from portal.caching.remember import process_cache

    first, _ = visit(client)
    kept = len(process_cache()._cache)
    for port in range(9000, 9040):
        response = client.get(URL, headers={"Host": f"localhost:{port}"})
        assert response["X-Page-Cache"] == "hit"
        assert response.content == first.content
    assert len(process_cache()._cache) == kept


def test_searches_and_their_counts_leave_cached_pages_in_place(client):
    visit(client)
    client.get("/search/", {"q": "magnesium"})
    client.get("/search/", {"q": "no such thing at all"})
    assert visit(client)[1] == "hit"


def test_the_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    visit(client)
    assert visit(client)[1] is None


def test_remembered_batches_work_out_only_what_is_missing_until_content_changes(
    django_capture_on_commit_callbacks,
):
    from portal.caching.remember import remember_many
    from portal.caching.version import bump_content_version

    asked = []

    def squares(ids):
        asked.append(ids)
        return {id_: id_ * id_ for id_ in ids}

    assert remember_many("squares", [2, 3], squares) == {2: 4, 3: 9}
    assert remember_many("squares", [3, 4], squares) == {3: 9, 4: 16}
    assert asked == [[2, 3], [4]]
    with django_capture_on_commit_callbacks(execute=True):
        bump_content_version()
    remember_many("squares", [2], squares)
    assert asked[-1] == [2]


def test_remembered_lists_follow_content_changes_with_the_page_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    relaxants, anticonvulsants = "/treatments/muscle-relaxants/", "/treatments/anticonvulsants/"

    def conditions_listed(url):
        html = soup(client.get(url))
        return [a.get_text() for a in html.select("section:has(#conditions-heading) a")]

    assert conditions_listed(relaxants) == ["Muscle twitching"]
    condition = ConditionPage.objects.get(locale__language_code="en")
    condition.treatment_links.filter(treatment__slug="anticonvulsants").update(
        note="A note for this one only."
    )
    condition.title = "Muscle twitching (fasciculations)"
    condition.save_revision().publish()
    assert conditions_listed(relaxants) == ["Muscle twitching (fasciculations)"]
    assert "A note for this one only." in page_text(client.get(anticonvulsants))
    assert "A note for this one only." not in page_text(client.get(relaxants))


def test_a_remembered_fragment_needs_a_quoted_name():
    with pytest.raises(TemplateSyntaxError, match="quoted name"):
        Template("{% load portal_tags %}{% remembered page.pk %}x{% endremembered %}")


def test_data_kept_in_process_is_renewed_by_content_changes_alone(django_capture_on_commit_callbacks):
    from portal.caching.remember import clear_caches, remember_in_process
    from portal.caching.version import bump_content_version

    computed = []

    def vocabulary():
        computed.append(len(computed))
        return {"words": [f"word {len(computed)}"]}

    first = remember_in_process("test-vocabulary", vocabulary)
    assert remember_in_process("test-vocabulary", vocabulary) is first  # this process's own copy
    assert computed == [0]
    with django_capture_on_commit_callbacks(execute=True):
        bump_content_version()
    assert remember_in_process("test-vocabulary", vocabulary) == {"words": ["word 2"]}
    clear_caches()  # a restarted Redis, for example: the version, not the cache, says what is current
    assert remember_in_process("test-vocabulary", vocabulary) == {"words": ["word 3"]}


def test_nothing_is_kept_while_a_change_is_not_yet_committed(django_capture_on_commit_callbacks):
    """What a transaction reads after changing content may be rolled back: it is never kept."""
    from portal.caching.remember import remember
    from portal.caching.version import bump_content_version

    computed = []
    with django_capture_on_commit_callbacks(execute=True):
        bump_content_version()
        remember("uncommitted", compute=lambda: computed.append("inside") or "inside")
        remember("uncommitted", compute=lambda: computed.append("inside again") or "inside")
    assert computed == ["inside", "inside again"]
    remember("uncommitted", compute=lambda: computed.append("after") or "after")
    assert remember("uncommitted", compute=lambda: "never asked") == "after"


def test_what_a_remembered_fragment_reads_is_worked_out_only_when_it_is_not_kept():
    fragment = Template(
        '{% load portal_tags %}{% remembered "reads-test" key reads items=source.items %}'
        "{% for item in items %}{{ item }} {% endfor %}{% endremembered %}"
    )
    asked = []

    class Source:
        def items(self):
            asked.append("items")
            return ["one", "two"]

    assert fragment.render(Context({"key": 1, "source": Source()})) == "one two "
    assert fragment.render(Context({"key": 1, "source": Source()})) == "one two "
    assert asked == ["items"]


def test_reads_in_a_remembered_fragment_name_their_variables():
    with pytest.raises(TemplateSyntaxError, match="reads"):
        Template(
            '{% load portal_tags %}{% remembered "x" page.pk reads page.get_conditions %}x{% endremembered %}'
        )
