"""Demo data for the shared registry. Organisations and the municipalities' SCB codes are
facts (DOMAIN.md); the seats are the real towns' coordinates; people are invented and
flagged `is_example` (example.org addresses), and the pages say so."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point
from django.utils.text import slugify

from planportal import roles
from planportal.geo import SWEREF99TM, WGS84

from .models import Organisation, Person

# (code, short name, official name, seat town, lon, lat, e-mail domain) – seats in WGS 84, stored in
# SWEREF 99 TM; the website is https://www.<domain>/.
MUNICIPALITIES = [
    ("1814", "Lekeberg", "Lekebergs kommun", "Fjugesta", 14.8700, 59.1740, "lekeberg.se"),
    ("1860", "Laxå", "Laxå kommun", "Laxå", 14.6200, 58.9860, "laxa.se"),
    ("1861", "Hallsberg", "Hallsbergs kommun", "Hallsberg", 15.1100, 59.0660, "hallsberg.se"),
    ("1862", "Degerfors", "Degerfors kommun", "Degerfors", 14.4330, 59.2380, "degerfors.se"),
    ("1863", "Hällefors", "Hällefors kommun", "Hällefors", 14.5220, 59.7790, "hellefors.se"),
    ("1864", "Ljusnarsberg", "Ljusnarsbergs kommun", "Kopparberg", 14.9960, 59.8740, "ljusnarsberg.se"),
    ("1880", "Örebro", "Örebro kommun", "Örebro", 15.2130, 59.2740, "orebro.se"),
    ("1881", "Kumla", "Kumla kommun", "Kumla", 15.1420, 59.1270, "kumla.se"),
    ("1882", "Askersund", "Askersunds kommun", "Askersund", 14.9030, 58.8800, "askersund.se"),
    ("1883", "Karlskoga", "Karlskoga kommun", "Karlskoga", 14.5240, 59.3270, "karlskoga.se"),
    ("1884", "Nora", "Nora kommun", "Nora", 15.0390, 59.5190, "nora.se"),
    ("1885", "Lindesberg", "Lindesbergs kommun", "Lindesberg", 15.2270, 59.5940, "lindesberg.se"),
]

K = Organisation.Kind
# (name, short name, kind, website)
OTHER_ORGANISATIONS = [
    ("Region Örebro län", "Regionen", K.REGION, "https://www.regionorebrolan.se/"),
    ("Länsstyrelsen i Örebro län", "Länsstyrelsen", K.COUNTY_BOARD, "https://www.lansstyrelsen.se/orebro"),
    ("Handelskammaren Mälardalen", "Handelskammaren", K.ASSOCIATION, ""),
    ("Örebro universitet", "ORU", K.UNIVERSITY, "https://www.oru.se"),
    ("RF-SISU Örebro", "RF-SISU", K.ASSOCIATION, ""),
    ("Örebro läns bildningsförbund", "Bildningsförbundet", K.ASSOCIATION, ""),
    ("Region Gävleborg", "Gävleborg", K.OTHER_REGION, ""),
    ("Region Stockholm", "Stockholm", K.OTHER_REGION, ""),
    ("Region Sörmland", "Sörmland", K.OTHER_REGION, ""),
    ("Region Uppsala", "Uppsala", K.OTHER_REGION, ""),
    ("Region Västmanland", "Västmanland", K.OTHER_REGION, ""),
    ("Region Östergötland", "Östergötland", K.OTHER_REGION, ""),
    ("Mälardalsrådet", "Mälardalsrådet", K.ASSOCIATION, ""),
    ("Trafikverket", "Trafikverket", K.STATE_AGENCY, "https://www.trafikverket.se"),
]

# The e-mail domains of the Region and Länsstyrelsen (facts; who sent a referral is recognised by them).
ORGANISATION_DOMAINS = {
    "Region Örebro län": ["regionorebrolan.se"],
    "Länsstyrelsen i Örebro län": ["lansstyrelsen.se"],
}

# Invented people, one per role, for signing in to the demo (password "demo").
DEMO_USERS = [
    ("planerare", "Exempel Planerare", "Översiktsplanerare", "1880", roles.PLANNER),
    ("handlaggare", "Exempel Handläggare", "Handläggare, Regional utveckling", "region", roles.CASE_OFFICER),
    ("samordnare", "Exempel Samordnare", "Samordnare FOL", "region", roles.COORDINATOR),
    ("redaktor", "Exempel Redaktör", "Redaktör, kunskapsunderlag", "region", roles.EDITOR),
    ("admin", "Exempel Administratör", "Systemförvaltare", "region", roles.ADMINISTRATOR),
]


def _seat(lon, lat):
    point = Point(lon, lat, srid=WGS84)
    point.transform(SWEREF99TM)
    return point


def load(stdout):
    created = 0
    for code, name, official_name, _town, lon, lat, domain in MUNICIPALITIES:
        org, was_created = Organisation.objects.get_or_create(
            code=code,
            defaults={
                "name": official_name,
                "short_name": name,
                "kind": K.MUNICIPALITY,
                "slug": slugify(name),
                "seat": _seat(lon, lat),
            },
        )
        if org.seat is None:
            org.seat = _seat(lon, lat)
        org.email_domains = [domain]
        org.website = f"https://www.{domain}/"
        org.save(update_fields=["seat", "email_domains", "website"])
        created += was_created
    for name, short, kind, website in OTHER_ORGANISATIONS:
        org, was_created = Organisation.objects.get_or_create(
            name=name,
            defaults={"short_name": short, "kind": kind, "website": website, "slug": slugify(name)},
        )
        if name in ORGANISATION_DOMAINS:
            org.email_domains = ORGANISATION_DOMAINS[name]
            org.website = website
            org.save(update_fields=["email_domains", "website"])
        created += was_created

    region = Organisation.objects.get(name="Region Örebro län")
    User = get_user_model()
    for username, full_name, title, org_key, role in DEMO_USERS:
        org = region if org_key == "region" else Organisation.objects.get(code=org_key)
        user, user_created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": full_name.split()[0],
                "last_name": full_name.split()[1],
                "email": f"{username}@example.org",
                "is_staff": role in (roles.ADMINISTRATOR, roles.EDITOR, roles.CASE_OFFICER, roles.COORDINATOR),
                "is_superuser": role == roles.ADMINISTRATOR,
            },
        )
        if user_created:
            user.set_password("demo")
            user.save()
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        Person.objects.get_or_create(
            user=user,
            defaults={
                "name": full_name,
                "title": title,
                "organisation": org,
                "email": f"{username}@example.org",
                "is_example": True,
            },
        )
    # One invented contact person per municipality, so network pages have someone to show.
    for code, name, *_ in MUNICIPALITIES:
        org = Organisation.objects.get(code=code)
        Person.objects.get_or_create(
            organisation=org,
            email=f"planerare.{slugify(name)}@example.org",
            defaults={"name": f"Planerare {name}", "title": "Översiktsplanerare", "is_example": True},
        )
    stdout.write(f"Organisationer: {created} nya, {Organisation.objects.count()} totalt.")

    # The network registry, its composition and lines, and a year of FOL meetings.
    from .demo_networks import load as load_networks

    load_networks(stdout)
