"""The API as other systems build on it: schemathesis sends what the OpenAPI description allows (and
things near it) to every operation, and each answer must be one the description promises, never a
server error."""

from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.site.api import openapi_document

# The shipped content's site (load_portal_content), so that addresses in answers are its own.
BASE_URL = "http://127.0.0.1:8000"
# What the contract promises: each answer is one of the statuses, media types, headers and bodies
# described, and none is a 5xx. (Schemathesis's other checks judge API design: for example, that any
# string the description allows is accepted, where a code must also be a well-formed code.)
CONTRACT = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = get_wsgi_application()


def test_the_description_is_served_at_its_address(client, db):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    described = response.json()
    assert described["openapi"].startswith("3.")
    assert described["servers"] == [{"url": BASE_URL}]
    assert {
        "/connect/",
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v2/symptoms/",
        "/api/v2/foods/",
    } <= set(described["paths"])


def test_the_description_has_no_stray_keys():
    """A slip in the YAML (an unquoted comma or colon) turns text into a key with no value."""

    def stray(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if value is None and key != "nullable":
                    yield f"{path}/{key}"
                yield from stray(value, f"{path}/{key}")
        elif isinstance(node, list):
            for number, item in enumerate(node):
                yield from stray(item, f"{path}[{number}]")

    assert list(stray(openapi_document(), "")) == []


def test_every_api_field_is_described():
    """A field added to a model's api_fields without its description fails here, not in a client."""
    from wagtail.models import get_page_models

    from nutrition.models import Food
    from portal.core.snippets import Symptom

    components = openapi_document()["components"]["schemas"]

    def described_fields(name):
        component = components[name]
        fields = set(component.get("properties", {}))
        for part in component.get("allOf", []):
            if "$ref" in part:
                fields |= described_fields(part["$ref"].rsplit("/", 1)[1])
            fields |= set(part.get("properties", {}))
        return fields

    intro_pages = {"ConditionIndexPage", "SymptomIndexPage", "TreatmentIndexPage", "NutrientIndexPage"}
    for model in [*get_page_models(), Symptom, Food]:
        if not hasattr(model, "api_fields"):
            continue
        name = "IntroPage" if model.__name__ in intro_pages else model.__name__
        missing = {field.name for field in model.api_fields} - described_fields(name)
        assert not missing, f"{model.__name__}: {sorted(missing)} not in the OpenAPI description"


@pytest.fixture
def connection_kept_between_requests():
    """Schemathesis calls the WSGI application itself, whose end of each request closes the database
    connection: that would end the test's transaction (Django's test client keeps it open the same way)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_answer_keeps_the_contract(case, db, connection_kept_between_requests):
    case.call_and_validate(base_url=BASE_URL, checks=CONTRACT)
