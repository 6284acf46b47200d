"""An existing install upgraded to snippets under review: what patients saw stays live, figures kept."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail.models import Workflow, WorkflowContentType

import pytest
import yaml

from nutrition.models import Food, FoodNutrient
from portal.content.loader import DEFAULT_CONTENT_FILE, ContentLoader, read_content_file
from portal.models import Symptom, SynonymGroup

BEFORE_REVIEW = [
    ("portal", "0014_reviewers_are_managed_by_administrators"),
    ("nutrition", "0005_food_references"),
]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def shipped_amounts():
    data = yaml.safe_load(DEFAULT_CONTENT_FILE.read_text())
    return {
        (food["slug"], row["nutrient"]): str(row["amount"])
        for food in data["foods"]
        for row in food["nutrients"]
        if row.get("amount")
    }


@pytest.fixture
def migrated_back_and_forth():
    """The shipped content, with the database migrated to before this release; migrated forward
    again afterwards whatever happens, for the tests that follow."""
    # An earlier test with real transactions may have emptied the database of the content and of
    # the workflow that portal 0005 makes.
    ContentLoader(read_content_file(DEFAULT_CONTENT_FILE)).load()
    Workflow.objects.get_or_create(name="Clinical review", defaults={"active": True})
    try:
        yield migrate(BEFORE_REVIEW)
    finally:
        migrate()


# Migrations change the schema, which only a test with real transactions may do.
@pytest.mark.django_db(transaction=True)
def test_shipped_snippets_stay_live_with_a_first_revision_and_every_figure_is_kept(migrated_back_and_forth):
    old = migrated_back_and_forth
    OldFoodNutrient = old.get_model("nutrition", "FoodNutrient")
    old_amounts = {
        (row.food.slug, row.nutrient.slug): row.amount
        for row in OldFoodNutrient.objects.select_related("food", "nutrient").exclude(amount="")
    }
    assert old_amounts == shipped_amounts()  # what the shipped content file says, before the upgrade
    OldFoodNutrient.objects.filter(food__slug="banana", nutrient__slug="magnesium").update(amount="lots")
    OldFoodNutrient.objects.filter(food__slug="nuts").update(amount="1,000 mg")

    migrate()

    for model in (Symptom, Food, SynonymGroup):
        for obj in model.objects.all():
            assert obj.live and not obj.has_unpublished_changes, obj
            assert obj.live_revision_id == obj.latest_revision_id is not None, obj
            assert str(obj.live_revision.as_object()) == str(obj)
        assert WorkflowContentType.objects.get(content_type__model=model._meta.model_name).workflow.name == (
            "Clinical review"
        )
    amounts = {
        (row.food.slug, row.nutrient.slug): row.amount
        for row in FoodNutrient.objects.select_related("food", "nutrient").exclude(quantity=None)
    }
    expected = {**shipped_amounts(), ("nuts", "magnesium"): "1,000 mg"}
    del expected[("banana", "magnesium")]
    assert amounts == expected
    assert shipped_amounts()[("almonds", "calcium")] == amounts[("almonds", "calcium")] == "about 75 mg"
    banana = Food.objects.get(slug="banana").live_revision.as_object()
    assert sorted(row.amount for row in banana.nutrient_amounts.all()) == ["", "422 mg"]
