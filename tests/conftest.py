import pytest

from portal.content.loader import load_content
from portal.governance.roles import CLINICAL_EDITORS, CLINICAL_REVIEWERS


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the site as the portal ships it, in every language, loaded once per session."""
    with django_db_blocker.unblock():
        load_content()


@pytest.fixture
def home_page(db):
    from portal.models import HomePage

    return HomePage.objects.get(locale__language_code="en")


@pytest.fixture
def condition_index(db):
    from portal.models import ConditionIndexPage

    return ConditionIndexPage.objects.get(locale__language_code="en")


@pytest.fixture
def treatment_index(db):
    from treatments.models import TreatmentIndexPage

    return TreatmentIndexPage.objects.get(locale__language_code="en")


@pytest.fixture
def nutrient_index(db):
    from nutrition.models import NutrientIndexPage

    return NutrientIndexPage.objects.get(locale__language_code="en")


@pytest.fixture
def symptom_index(db):
    from portal.models import SymptomIndexPage

    return SymptomIndexPage.objects.get(locale__language_code="en")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "a long admin passphrase")


@pytest.fixture
def editor(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("editor", "editor@example.org", "an editor passphrase")
    user.groups.add(Group.objects.get(name=CLINICAL_EDITORS))
    return user


@pytest.fixture
def reviewer(django_user_model):
    from django.contrib.auth.models import Group

    from portal.models import Reviewer

    user = django_user_model.objects.create_user(
        "reviewer", "reviewer@example.org", "a reviewer passphrase", first_name="Ada", last_name="Lane"
    )
    user.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
    Reviewer.objects.create(name="Dr Ada Lane", credentials="MD, neurologist", user=user, email=user.email)
    return user


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """What one test kept must not leak into the next one's database."""
    from portal.caching.remember import clear_caches

    clear_caches()
    yield
    clear_caches()
