"""The public register (diarium) at /diarium/: every case with its public documents and the sent
reply, searchable, filterable, sortable; and its Atom feed of new cases and sent replies.

Read through referrals.selectors_public, which reads nothing internal."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from .. import selectors_public as public
from ..models import Referral
from ..querysets import is_case_officer

SORT_KEYS = ("number", "received", "sender", "plan_name", "deadline")


def filter_form(request):
    """The filter form bound to the query string, and the filters that are valid: a bad value is
    named on the form and left out, so the list still shows (never a 500)."""
    form = public.PublicFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") and k not in form.errors}
    elif form.is_bound:
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    else:
        filters = {}
    return form, filters


def sort_headers(request, current: str) -> dict:
    headers = {}
    for key in SORT_KEYS:
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if current == key else key
        headers[key] = {
            "url": "?" + query.urlencode(),
            "aria": "ascending" if current == key else "descending" if current == f"-{key}" else "",
        }
    return headers


def export_query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class RegisterListView(ListView):
    template_name = "referrals/public/register_list.html"
    context_object_name = "referrals"
    paginate_by = 25

    def get_queryset(self):
        self.form, self.filters = filter_form(self.request)
        return public.public_referrals(user=self.request.user, filters=self.filters)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = self.form
        ctx["filters"] = self.filters
        ctx["sort_headers"] = sort_headers(self.request, self.filters.get("sort") or public.DEFAULT_SORT)
        ctx["export_query"] = export_query(self.request)
        return ctx


class RegisterDetailView(TemplateView):
    template_name = "referrals/public/register_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        try:
            referral = public.register_case(user=user, year=kwargs["year"], seq=kwargs["seq"])
        except Referral.DoesNotExist:
            raise Http404(_("Det finns inget ärende med det diarienumret."))
        ctx["referral"] = referral
        ctx["documents"] = list(public.public_documents(user=user, referral=referral))
        ctx["reply"] = public.sent_reply(user=user, referral=referral)
        ctx["has_area"] = referral.area is not None
        ctx["is_case_officer"] = is_case_officer(user)
        if ctx["has_area"]:
            ctx["map_layers_json"] = public.case_map_layers(referral)
        return ctx


class RegisterFeed(Feed):
    """Atom feed: newly registered cases and sent replies (public, read anonymously)."""

    feed_type = Atom1Feed

    def title(self):
        return _("Planportalen – remisser till Region Örebro län")

    def subtitle(self):
        return _("Nyregistrerade remisser och skickade yttranden i Region Örebro läns diarium.")

    def link(self):
        return reverse("referrals:register")

    def get_object(self, request):
        # The reader, handed to items() (the Feed instance is shared by every request).
        return request.user

    def items(self, user):
        return public.feed_entries(user=user)

    def item_title(self, item):
        referral = item["referral"]
        example = _(" (Exempeldata)") if referral.is_example else ""
        if item["kind"] == "reply":
            return (
                _("Yttrande skickat: %(number)s %(name)s")
                % {
                    "number": referral.diary_number,
                    "name": referral.plan_name,
                }
                + example
            )
        return (
            _("Ny remiss: %(number)s %(name)s")
            % {
                "number": referral.diary_number,
                "name": referral.plan_name,
            }
            + example
        )

    def item_description(self, item):
        referral = item["referral"]
        return _("%(sender)s, %(type)s, %(phase)s. Inkommen %(received)s, sista svarsdag %(deadline)s.") % {
            "sender": referral.sender.name,
            "type": referral.get_plan_type_display(),
            "phase": referral.get_phase_display(),
            "received": referral.received.isoformat(),
            "deadline": referral.deadline.isoformat(),
        }

    def item_link(self, item):
        return item["referral"].get_public_url()

    def item_guid(self, item):
        return f"{item['referral'].get_public_url()}#{item['kind']}"

    def item_pubdate(self, item):
        return item["at"]

    def item_updateddate(self, item):
        return item["at"]

    def item_author_name(self, item):
        return item["referral"].sender.name


urlpatterns = [
    path("diarium/", RegisterListView.as_view(), name="register"),
    path("diarium/flode/", RegisterFeed(), name="register_feed"),
    path("diarium/<int:year>-<int:seq>/", RegisterDetailView.as_view(), name="register_detail"),
]
