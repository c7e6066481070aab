"""The form_field and choice_group tags write what partials/field.html and choice_group.html do."""

import pytest
from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.templatetags.form_fields import choice_group, form_field
from core.widgets import CheckboxList
from jobs.filters import PostingFilter
from tests.core.test_renderers import SEARCHES


def assert_written_as_the_templates(form: forms.Form) -> None:
    for name in form.fields:
        field = form[name]
        assert form_field(field) == render_to_string("partials/field.html", {"field": field}), name
        assert choice_group(field) == render_to_string(
            "partials/choice_group.html", {"field": field}
        ), name


@pytest.mark.django_db
@pytest.mark.parametrize("query", SEARCHES)
def test_the_search_form_is_written_as_the_templates_write_it(query):
    """Every field of the job search, blank, filled in and invalid."""
    form = PostingFilter(QueryDict(query)).form
    form.is_valid()

    assert_written_as_the_templates(form)


class Everything(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name & <title>"), help_text="Say <who>.")
    agree = forms.BooleanField(label="I agree", help_text=mark_safe("<em>Really</em>."))
    size = forms.ChoiceField(choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect)
    tags = forms.MultipleChoiceField(
        choices=[("a", "A & B"), ("c", "C")], widget=CheckboxList, help_text="Any of them."
    )
    count = forms.IntegerField(min_value=3, label="Count")

    def clean(self):
        self.add_error("count", "Counts <b>twice</b>.")
        return super().clean()


@pytest.mark.parametrize(
    "data", [None, {}, {"name": "Ada", "agree": "on", "size": "x", "count": 1}]
)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_fields_of_every_kind_are_written_as_the_templates_write_them(data, auto_id):
    """Checkboxes, radio groups, help text safe or not, several errors, no ids."""
    form = Everything(data, auto_id=auto_id)
    form.is_valid()

    assert_written_as_the_templates(form)
