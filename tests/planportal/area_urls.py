"""A page with an AreaField for the browser tests of static/js/draw.js (the apps' own forms
come with the library's coverage and the referrals' plan area)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from planportal.area_field import AreaField
from planportal.forms import PortalForm
from planportal.urls import urlpatterns as portal_urlpatterns

PAGE = """{% extends "base.html" %}{% load i18n %}
{% block title %}Planområde{% endblock %}
{% block head %}{% include "includes/map_assets.html" %}{{ form.media }}{% endblock %}
{% block content %}
<h1>Planområde</h1>
{% if area %}<p id="result">Area {{ area }} m², {{ parts }} del(ar).
  {% for w in warnings %}{{ w }} {% endfor %}</p>{% endif %}
{% include "includes/form_errors.html" %}
<form method="post" enctype="multipart/form-data" novalidate>{% csrf_token %}
  {% include "includes/field.html" with field=form.area %}
  <button type="submit" class="button">Spara</button>
</form>
{% endblock %}"""


class AreaForm(PortalForm):
    area = AreaField(label="Planområde", help_text="Området som planen gäller.")


def area_page(request):
    form = AreaForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        geometry = form.cleaned_data["area"]
        context.update(area=round(geometry.area), parts=len(geometry), warnings=form.fields["area"].warnings)
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render(context, request), status=400 if form.errors else 200)


urlpatterns = [path("test/yta/", area_page), *portal_urlpatterns]
