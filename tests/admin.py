"""Creating pages the way an editor does: by posting the Wagtail admin's add form."""

from django.urls import reverse
from django.utils.text import slugify

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

__all__ = [
    "add_url",
    "create_through_admin",
    "inline_formset",
    "nested_form_data",
    "rich_text",
    "streamfield",
]


def add_url(parent, model):
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def create_through_admin(client, parent, model, fields):
    """Post the add form as an editor submits it for review, approve it (which publishes it), and
    return the new page; fail with the form's errors. Nobody publishes from the form itself."""
    choices = {name: value for name, value in fields.items() if isinstance(value, list)}
    data = {"slug": slugify(fields["title"]), "comments": inline_formset([])}
    data.update((name, value) for name, value in fields.items() if name not in choices)
    data = nested_form_data(data)
    data.update(choices)
    data["action-submit"] = "action-submit"
    response = client.post(add_url(parent, model), data)
    if response.status_code != 302:
        form = response.context["form"] if response.context and "form" in response.context else None
        errors = form.errors.as_json() if form is not None else response.content[:2000]
        formset_errors = {
            name: [formset_form.errors for formset_form in formset.forms if formset_form.errors]
            for name, formset in (form.formsets.items() if form is not None else [])
        }
        raise AssertionError(
            f"{model.__name__} not created ({response.status_code}): {errors} {formset_errors}"
        )
    page = model.objects.child_of(parent).get(slug=data["slug"])
    page.current_workflow_state.current_task_state.approve(user=None)
    page.refresh_from_db()
    return page


def reference_fields():
    """The one reference a clinical page needs before it is published or submitted."""
    return {
        "references": streamfield(
            [
                (
                    "reference",
                    {
                        "citation": "MedlinePlus. A source.",
                        "url": "https://medlineplus.gov/",
                        "doi": "",
                        "pubmed_id": "",
                    },
                )
            ]
        ),
    }
