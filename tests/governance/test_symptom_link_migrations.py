"""An existing install upgraded to symptom links keeps every symptom of every page, and its drafts'."""

from wagtail.models import Revision

import pytest

from nutrition.models import NutrientPage, NutrientShortfallSymptom
from portal.content.loader import DEFAULT_CONTENT_FILE, ContentLoader, read_content_file
from portal.models import ConditionPage, ConditionSymptom, Symptom
from tests.governance.test_snippet_migrations import migrate

BEFORE_LINKS = [
    ("portal", "0022_sign_off_went_live"),
    ("nutrition", "0011_translatable_snippet_labels"),
]


def links():
    """Every page's symptoms as {(page slug, symptom slug)}, conditions and nutrients apart."""
    conditions = set(ConditionSymptom.objects.values_list("condition__slug", "symptom__slug"))
    nutrients = set(NutrientShortfallSymptom.objects.values_list("page__slug", "symptom__slug"))
    return conditions, nutrients


def names_in_order(relation):
    return [link.symptom.name for link in relation.all()]


@pytest.fixture
def shipped_with_a_draft():
    """The shipped content, and a draft of the condition with other symptoms than the live page's."""
    ContentLoader(read_content_file(DEFAULT_CONTENT_FILE)).load()
    condition = ConditionPage.objects.get(slug="muscle-twitching")
    condition.symptom_links = [
        ConditionSymptom(symptom=Symptom.objects.get(slug="muscle-wasting")),
        ConditionSymptom(symptom=Symptom.objects.get(slug="eyelid-twitching")),
    ]
    draft = condition.save_revision()
    try:
        yield draft
    finally:
        migrate()


# Migrations change the schema, which only a test with real transactions may do.
@pytest.mark.django_db(transaction=True)
def test_every_link_and_every_drafts_links_survive_migrating_back_and_forth(shipped_with_a_draft):
    draft = shipped_with_a_draft
    shipped = links()
    assert len(shipped[0]) >= 6 and len(shipped[1]) >= 10
    symptom_ids = dict(Symptom.objects.values_list("slug", "pk"))

    old = migrate(BEFORE_LINKS)
    OldCondition = old.get_model("portal", "ConditionPage")
    OldNutrient = old.get_model("nutrition", "NutrientPage")
    assert {
        (page.slug, symptom.slug) for page in OldCondition.objects.all() for symptom in page.symptoms.all()
    } == shipped[0]
    assert {
        (page.slug, symptom.slug)
        for page in OldNutrient.objects.all()
        for symptom in page.shortfall_symptoms.all()
    } == shipped[1]
    old_draft = Revision.objects.get(pk=draft.pk).content
    assert "symptom_links" not in old_draft
    assert old_draft["symptoms"] == [symptom_ids["muscle-wasting"], symptom_ids["eyelid-twitching"]]
    # A link made on the old install, before the upgrade.
    OldCondition.symptoms.through.objects.create(
        conditionpage=OldCondition.objects.get(slug="muscle-twitching"),
        symptom_id=symptom_ids["muscle-weakness"],
    )

    migrate()

    assert links() == ({*shipped[0], ("muscle-twitching", "muscle-weakness")}, shipped[1])
    condition = ConditionPage.objects.get(slug="muscle-twitching")
    # A to Z, as patients saw them before the upgrade; the editors' order from then on.
    assert names_in_order(condition.symptom_links) == sorted(names_in_order(condition.symptom_links))
    for nutrient in NutrientPage.objects.all():
        assert names_in_order(nutrient.shortfall_symptom_links) == sorted(
            names_in_order(nutrient.shortfall_symptom_links)
        )
    # The draft still has its own symptoms, and the live page's are what the live revision says.
    assert condition.latest_revision_id == draft.pk
    assert names_in_order(condition.get_latest_revision_as_object().symptom_links) == [
        "Eyelid twitching",
        "Muscle wasting",
    ]
    live = condition.live_revision.as_object()
    assert {link.symptom_id for link in live.symptom_links.all()} == {
        symptom_ids[slug] for page_slug, slug in shipped[0] if page_slug == "muscle-twitching"
    }
    # The links of the live revision are the rows patients' pages read.
    assert {link.pk for link in live.symptom_links.all()} <= set(
        condition.symptom_links.values_list("pk", flat=True)
    )
