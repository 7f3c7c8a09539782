"""What referrals add to other apps' pages, registered in ReferralsConfig.ready() through
`register()`: the municipality page's section (its open and recent cases), a layer on the
portal map (/karta/), and links from FOL agenda items to the cases they discuss."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def municipality_referrals_section(organisation, request):
    """On a sender's page (a municipality or another body): its open cases and recent ones."""
    from . import selectors_public as public
    from .querysets import is_case_officer

    open_cases, recent_cases = public.sender_cases(user=request.user, organisation=organisation)
    if not open_cases and not recent_cases:
        return None
    return {
        "title": _("Remisser till Regionen"),
        "template": "referrals/public/municipality_section.html",
        "order": 30,
        "open_cases": open_cases,
        "recent_cases": recent_cases,
        "organisation": organisation,
        "officer": is_case_officer(request.user),
        "register_url": reverse("referrals:register") + f"?municipality={organisation.slug}",
    }


def referral_map_layers(request):
    """The open cases' plan areas on the portal map, with the referral map as their list."""
    from .views.maps import map_layer

    layer = map_layer(name=_("Pågående remisser"), query="status=open", fit=False)
    layer["color"] = "#b35900"
    layer["list_url"] = reverse("referrals:map") + "?status=open"
    layer["list_label"] = _("remisserna som lista och karta")
    return [layer]


class PublicCaseLink:
    """A linked case as an agenda item shows it: its diary number and name, linking to the
    register page, which everyone who can see the meeting may open (the officers' case page
    is for case officers; the register page links on to it for them)."""

    def __init__(self, referral):
        self.referral = referral
        self.pk = referral.pk

    def __str__(self):
        return str(self.referral)

    def get_absolute_url(self):
        return self.referral.get_public_url()


def register():
    from networks.registry import register_agenda_item_link_provider
    from planportal.registry import register_map_layers, register_organisation_section

    from .models import Referral

    register_organisation_section(municipality_referrals_section)
    register_map_layers(referral_map_layers)
    register_agenda_item_link_provider(
        field_name="referrals",
        label=gettext_lazy("Remisser"),
        queryset=lambda user: Referral.objects.visible_to(user).select_related("sender"),
        save=lambda item, objects, actor: item.referrals.set(objects),
        current=lambda item: [PublicCaseLink(r) for r in item.referrals.all()],
        help_text=gettext_lazy("Remisser som punkten behandlar."),
        order=30,
    )
