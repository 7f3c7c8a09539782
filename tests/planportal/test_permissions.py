"""The shared role-required door (planportal.permissions) and the form → service → errors
helper (planportal.forms.apply_service), tested on small views of their own and on the RUS
import pages that use them."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import View

from planportal import roles
from planportal.forms import PortalForm, add_service_errors, apply_service
from planportal.permissions import RoleRequiredMixin, role_required


class EditorsOnly(RoleRequiredMixin, View):
    required_roles = (roles.EDITOR,)
    permission_denied_message = "Bara redaktörer här."

    def get(self, request):
        return HttpResponse("inne")


@role_required(roles.CASE_OFFICER)
def officers_only(request):
    return HttpResponse("inne")


def _request(user, path="/hemligt/?a=1"):
    request = RequestFactory().get(path)
    request.user = user
    return request


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in_and_back():
    for view in (EditorsOnly.as_view(), officers_only):
        response = view(_request(AnonymousUser()))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login")) and "next=/hemligt/%3Fa%3D1" in response["Location"]


def test_signed_in_without_role_gets_a_swedish_403_page(planner):
    response = EditorsOnly.as_view()(_request(planner))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Du har inte behörighet" in html and "Bara redaktörer här." in html
    response = officers_only(_request(planner))
    assert response.status_code == 403 and "Du har inte behörighet att göra det här." in response.content.decode()


def test_the_403_page_in_english(planner, settings):
    with translation.override("en"):
        response = officers_only(_request(planner))
    assert response.status_code == 403 and "You are not allowed to do this." in response.content.decode()


def test_holders_of_the_role_and_superusers_pass(editor, case_officer, administrator):
    assert EditorsOnly.as_view()(_request(editor)).content == b"inne"
    assert officers_only(_request(case_officer)).content == b"inne"
    assert EditorsOnly.as_view()(_request(administrator)).status_code == 200  # superuser


def test_rus_import_pages_use_the_shared_door(client, planner, editor):
    url = reverse("rus:import")
    assert client.get(url).status_code == 302
    client.force_login(planner)
    response = client.get(url)
    assert response.status_code == 403 and "Bara redaktörer får göra detta." in response.content.decode()
    client.force_login(editor)
    assert client.get(url).status_code == 200


# --- form → service → errors ---------------------------------------------------------------


class PlaceForm(PortalForm):
    name = forms.CharField(label="Namn")
    area = forms.CharField(label="Område", required=False)


def _bound():
    form = PlaceForm(data={"name": "Nora"})
    assert form.is_valid()
    return form


def test_apply_service_returns_the_result_when_the_service_succeeds():
    form = _bound()
    assert apply_service(form, lambda *, name: name.upper(), name="nora") == "NORA"
    assert form.is_valid() and not form.errors


def test_field_keyed_errors_go_beside_their_fields_the_rest_to_the_top():
    def service(**kwargs):
        raise ValidationError(
            {
                "name": ["Namnet är upptaget.", "Namnet är för kort."],
                "boundary": "Ytan ligger utanför Sverige.",
                "other": "Något annat.",
            }
        )

    form = _bound()
    assert apply_service(form, service, field_map={"boundary": "area"}) is None
    assert not form.is_valid()
    assert form.errors["name"] == ["Namnet är upptaget.", "Namnet är för kort."]
    assert form.errors["area"] == ["Ytan ligger utanför Sverige."]
    assert form.non_field_errors() == ["Något annat."]
    assert form["name"].field.widget.attrs["aria-invalid"] == "true"  # the accessible form still describes it


def test_an_unkeyed_error_goes_to_the_top():
    form = _bound()

    def service():
        raise ValidationError(["Ett.", "Två."])

    assert apply_service(form, service) is None
    assert form.non_field_errors() == ["Ett.", "Två."]


def test_add_service_errors_keeps_codes_and_params():
    form = _bound()
    error = ValidationError("%(n)s finns redan.", code="taken", params={"n": "X"})
    add_service_errors(form, ValidationError({"name": error}))
    assert form.errors["name"] == ["X finns redan."]
    assert form.has_error("name", code="taken")
