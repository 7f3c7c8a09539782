"""Accessible form fields: every error of a field is inside one element whose id the input's
aria-describedby names, so ids stay unique (WCAG 2.1, 4.1.1) however many errors a field has."""

import re

from django import forms
from django.template.loader import render_to_string

from planportal.forms import PortalForm


class SampleForm(PortalForm):
    name = forms.CharField(label="Namn")
    themes = forms.MultipleChoiceField(
        label="Teman", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )


def bound_with_errors():
    form = SampleForm(data={"name": "x"})
    form.is_valid()
    for message in ("Fel ett.", "Fel två.", "Fel tre."):
        form.add_error("name", message)
        form.add_error("themes", message)
    return form


def test_many_errors_on_a_field_keep_ids_unique_and_described():
    form = bound_with_errors()
    html = render_to_string("includes/field.html", {"field": form["name"]})
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and ids.count("id_name-error") == 1
    assert html.count('class="field-error"') == 3
    described = re.search(r'aria-describedby="([^"]+)"', html).group(1).split()
    assert "id_name-error" in described


def test_checkbox_groups_in_the_library_forms_too():
    form = bound_with_errors()
    html = render_to_string("knowledge/includes/fields.html", {"form": form})
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert ids.count("id_themes-error") == 1 and html.count('class="field-error"') == 7  # 3 + 3 + "required"
