"""The home page's entries for everyone: each part of the portal with one line on what is there.
An entry shows once its part exists (its URL name resolves), as in the header's navigation.
The signed-in person's own cards come from the apps through planportal.registry.home_cards."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

ENTRIES = [
    (
        "knowledge:index",
        _("Dokument"),
        _("Kunskaps- och planeringsunderlag: rapporter, planer, kartor och statistik, sökbara per tema och kommun."),
    ),
    (
        "networks:network_list",
        _("Nätverk"),
        _("Länets nätverk och samverkansforum med deras möten, dagordningar och protokoll."),
    ),
    (
        "rus:index",
        _("Regional utvecklingsstrategi (RUS)"),
        _("Strategins inriktningar, effektmål och indikatorer, följda upp per kommun."),
    ),
    (
        "referrals:register",
        _("Diarium för remisser"),
        _("Planer som Regionen fått på remiss: skede, sista svarsdag och Regionens yttrande."),
    ),
    ("map", _("Karta"), _("Kommuner, strukturbilder och planområden på en karta, med listor över det som visas.")),
    (
        "networks:municipality_list",
        _("Kommuner"),
        _("Länets tolv kommuner, var och en med sina dokument, nätverk, möten och indikatorer."),
    ),
]


def home_entries() -> list[dict]:
    entries = []
    for name, label, description in ENTRIES:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        entries.append({"url": url, "label": label, "description": description})
    return entries
