"""PythonRenderer writes inputs, menus and labels exactly as Django's templates do."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.renderers import PythonRenderer
from jobs.filters import PostingFilter

DJANGO = DjangoTemplates()
PYTHON = PythonRenderer()
SEARCHES = [
    "",
    "q=growth+%26+<b>&level=senior&technical=true&country=FR&city=Lyon&salary_at_least=90000"
    "&currency=eur&posted_within=7&sort=salary&skills=sql",
    "q=" + "x" * 201 + "&technical=maybe&country=ZZ&salary_at_least=-1&currency=XX"
    "&posted_within=2&sort=oldest&level=wizard",
]


def both_ways(form: forms.Form, render) -> tuple[str, str]:
    form.renderer = PYTHON
    python = render(form)
    form.renderer = DJANGO
    return python, render(form)


@pytest.mark.django_db
@pytest.mark.parametrize("query", SEARCHES)
def test_the_search_form_is_written_as_djangos_templates_write_it(query):
    """Every field of the job search, blank, filled in and invalid, and every label."""
    form = PostingFilter(QueryDict(query)).form
    form.is_valid()

    for name in form.fields:
        python, django = both_ways(form, lambda form, name=name: str(form[name]))
        assert python == django, name
        python, django = both_ways(form, lambda form, name=name: form[name].label_tag())
        assert python == django, name


class Everything(forms.Form):
    required_css_class = "required"
    text = forms.CharField(
        label=mark_safe("Safe <em>label</em>"),
        widget=forms.TextInput(attrs={"placeholder": 'say "hi" & <go>', "autofocus": True}),
    )
    number = forms.DecimalField(label="Amount & <more>", label_suffix="", required=True)
    menu = forms.ChoiceField(
        label=gettext_lazy("Lazy label"),
        choices=[
            ("", "None yet"),
            ("Fruit", [("apple", "Apple & pear"), ("<b>", mark_safe("<b>Bold</b>"))]),
            (3, 3000),
            ("plain", gettext_lazy("Lazy choice")),
        ],
        widget=forms.Select(attrs={"disabled": False, "data-x": None, "data-n": 7}),
    )


@pytest.mark.parametrize(
    "data", [None, {}, {"text": "a<b", "number": "1.5", "menu": "<b>"}, {"menu": "3"}]
)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_widgets_and_labels_in_every_shape_are_djangos(data, auto_id):
    """Option groups, numbers, safe and lazy text, boolean and empty attributes, no ids."""
    form = Everything(data, auto_id=auto_id)

    for name in form.fields:
        for render in (
            lambda form, name=name: str(form[name]),
            lambda form, name=name: form[name].label_tag(attrs={"class": "x&y"}),
            lambda form, name=name: form[name].label_tag(tag="legend"),
        ):
            python, django = both_ways(form, render)
            assert python == django, name


def test_a_menu_of_other_option_templates_is_left_to_django():
    class Fancy(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    class Form(forms.Form):
        menu = forms.ChoiceField(choices=[("a", "A")], widget=Fancy)

    python, django = both_ways(Form(), lambda form: str(form["menu"]))

    assert python == django
