"""Edit-view panels for clinical editors."""

from wagtail.admin.panels import Panel

from portal.review import TARGET_GRADE, patient_text, reading_grade


class ReadabilityPanel(Panel):
    """The US reading grade of the page's own text, next to the grade patients' materials should meet."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "portal/admin/readability_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            grade = reading_grade(patient_text(self.instance)) if self.instance.pk else None
            context.update(
                grade=grade, target=TARGET_GRADE, meets_target=grade is not None and grade <= TARGET_GRADE
            )
            return context


class ReviewStatusPanel(Panel):
    """The sign-off of the live page, read-only: review dates come only from a reviewer's sign-off."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "portal/admin/review_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            model = type(self.instance)
            context["live"] = (
                model.objects.filter(pk=self.instance.pk, live=True).select_related("reviewer").first()
                if self.instance.pk
                else None
            )
            return context
