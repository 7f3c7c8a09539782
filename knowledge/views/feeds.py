"""Following the library: a user's subscriptions and a theme's Atom feed."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, redirect
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.generic import FormView

from planportal.forms import apply_service

from .. import selectors, services
from ..forms import (
    SubscriptionForm,
)
from ..models import Theme


class SubscriptionView(LoginRequiredMixin, FormView):
    template_name = "knowledge/subscriptions.html"
    form_class = SubscriptionForm

    def get_initial(self):
        subs = self.request.user.subscriptions.select_related("theme", "municipality")
        return {
            "themes": [s.theme for s in subs if s.theme_id],
            "municipalities": [s.municipality for s in subs if s.municipality_id],
        }

    def form_valid(self, form):
        apply_service(
            form,
            services.subscriptions_set,
            user=self.request.user,
            themes=list(form.cleaned_data["themes"]),
            municipalities=list(form.cleaned_data["municipalities"]),
        )
        if not form.is_valid():
            return self.form_invalid(form)
        messages.success(
            self.request, _("Dina bevakningar är sparade. Hur ofta du får e-post om dem väljer du under Aviseringar.")
        )
        return redirect("knowledge:subscriptions")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["themes"] = Theme.objects.order_by("order", "name")
        return ctx


class ThemeFeed(Feed):
    """Atom feed of a theme's public documents (feeds are read anonymously)."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, theme):
        return f"Planportalen – dokument om {theme.name.lower()}"

    def subtitle(self, theme):
        return f"Nya och uppdaterade planeringsunderlag om {theme.name.lower()} från Region Örebro län."

    def link(self, theme):
        return theme.get_absolute_url()

    def items(self, theme):
        return selectors.feed_documents(theme=theme)

    def item_title(self, item):
        return f"{item.title}{' (Exempeldata)' if item.is_example else ''}"

    def item_description(self, item):
        return item.summary

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.publisher.name

    def item_categories(self, item):
        return [item.get_kind_display()]

    def item_link(self, item):
        return item.get_absolute_url()
