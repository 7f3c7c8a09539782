"""The person's choices (/konto/aviseringar/) and the one-click unsubscribe (RFC 8058): a POST to
the signed link, with no sign-in and no CSRF token (mail clients send it), sets the kinds the
token names to none; a GET shows what the link would do and a button that does it."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from planportal.forms import apply_service

from . import services
from .forms import HELP, PreferencesForm
from .models import Item, Kind
from .tokens import BadToken, read_token


class PreferencesView(LoginRequiredMixin, FormView):
    template_name = "notifications/preferences.html"
    form_class = PreferencesForm

    def get_initial(self):
        return services.preferences_for(self.request.user)

    def form_valid(self, form):
        apply_service(form, services.preferences_set, user=self.request.user, data=dict(form.cleaned_data))
        if not form.is_valid():
            return self.form_invalid(form)
        messages.success(self.request, _("Dina val för e-post är sparade."))
        return redirect("notifications:preferences")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        waiting = dict(
            Item.objects.filter(user=self.request.user, outcome=Item.Outcome.PENDING)
            .values_list("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
        ctx["rows"] = [{"field": form[k], "help": HELP[k], "waiting": waiting.get(k, 0)} for k in Kind.values]
        try:
            ctx["subscriptions_url"] = reverse("knowledge:subscriptions")
        except NoReverseMatch:
            ctx["subscriptions_url"] = ""
        return ctx


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    template_name = "notifications/unsubscribe.html"

    def get(self, request, token):
        try:
            recipient, kinds = read_token(token)
        except BadToken:
            return self._bad(request)
        return render(request, self.template_name, {"kinds": [Kind(k).label.lower() for k in kinds]})

    def post(self, request, token):
        try:
            recipient, kinds = services.unsubscribe(token=token)
        except BadToken:
            return self._bad(request)
        context = {
            "done": True,
            "kinds": [Kind(k).label.lower() for k in kinds],
            "has_account": recipient.user is not None,
        }
        return render(request, self.template_name, context)

    def _bad(self, request):
        return render(request, self.template_name, {"bad_token": True}, status=400)
