"""The small data set the permission matrix (test_permission_matrix.py) walks: one object of each
kind, and a public and an internal one where the kind has visibility rules, built once per module
with the projects' factories. Internal things carry a marker (MARKERS) in their names and texts, people their
own e-mail address and phone number, so that a response can be searched for what it must not show.
Names and texts shown on pages are language-neutral (no Swedish function words), so that the
language walk (test_language_every_page.py) reads only the portal's own Swedish on English pages."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from planportal import roles
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.knowledge.factories import DocumentFactory, LayerFactory, NewsItemFactory, RequestFactory, ThemeFactory
from tests.networks.factories import AgendaItemFactory, MeetingFactory, MembershipFactory, NetworkFactory
from tests.referrals.factories import (
    InterestMatchFactory,
    MunicipalityFactory,
    ReferralDocumentFactory,
    ReferralEventFactory,
    ReferralFactory,
    ReplyFactory,
    ReplyPointFactory,
    UnitFactory,
)
from tests.referrals.factories_workflow import ConsultationFactory
from tests.rus.factories import (
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    StrategyFactory,
    StructureFeatureFactory,
    StructureImageFactory,
)

# Markers in the names and texts of things only some may see, one per audience (who may see each
# is written in permission_matrix.MARKER_AUDIENCE):
INTERNAL = "INTERNMATRIS"  # an internal document and layer: signed-in users of the portal
DRAFT = "UTKASTMATRIS"  # an unpublished RUS strategy and its goal: the Region's staff
CLOSED = "STANGDMATRIS"  # an internal network and its meeting: the network's insiders
CASE = "HEMLIGMATRIS"  # a case's internal notes, trail, confidential document, draft reply: officers
MARKERS = (INTERNAL, DRAFT, CLOSED, CASE)
PERSON_EMAIL = "matris.person@matris-exempel.se"
PERSON_PHONE = "019-555 73 91"

ROLES = ("anonymous", "planner", "other_planner", "case_officer", "coordinator", "editor", "administrator")


def _user(username, role, organisation, **extra):
    user = UserFactory(username=username, roles=[role])
    PersonFactory(user=user, organisation=organisation, name=f"{username} person")
    for key, value in extra.items():
        setattr(user, key, value)
    if extra:
        user.save()
    return user


def build():
    """Creates the data set; returns a dict of the objects (users under 'users')."""
    region = OrganisationFactory(region=True)
    kumla = MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881")
    lekeberg = MunicipalityFactory(name="Lekebergs kommun", slug="lekeberg", code="1814")
    users = {
        "anonymous": None,
        "planner": _user("matris-planerare", roles.PLANNER, kumla),
        "other_planner": _user("matris-annan-planerare", roles.PLANNER, lekeberg),
        "case_officer": _user("matris-handlaggare", roles.CASE_OFFICER, region),
        "coordinator": _user("matris-samordnare", roles.COORDINATOR, region),
        "editor": _user("matris-redaktor", roles.EDITOR, region),
        "administrator": _user("matris-admin", roles.ADMINISTRATOR, region, is_staff=True, is_superuser=True),
    }
    # A person whose contact details are personal data (signed-in users only).
    person = PersonFactory(organisation=kumla, name="Matris Kontaktperson", email=PERSON_EMAIL, phone=PERSON_PHONE)

    # networks: a public network with a meeting and an agenda item, an internal one (its meeting closed)
    network = NetworkFactory(name="Matrisnätverket", slug="matrisnatverket", coordinators=[users["coordinator"]])
    MembershipFactory(network=network, organisation=kumla, person=person)
    meeting = MeetingFactory(network=network, title="Matrismöte")
    agenda_item = AgendaItemFactory(meeting=meeting, title="Matrispunkt")
    internal_network = NetworkFactory(
        name=f"Internt matrisnätverk {CLOSED}",
        slug="internt-matris",
        internal=True,
        coordinators=[users["coordinator"]],
    )
    closed_meeting = MeetingFactory(network=internal_network, title=f"Stängt möte {CLOSED}")
    closed_item = AgendaItemFactory(meeting=closed_meeting, title=f"Stängd punkt {CLOSED}")

    # knowledge: a public and an internal document, a public and an internal layer, a request, news
    theme = ThemeFactory(name="Matristema", slug="matristema")
    document = DocumentFactory(
        title="Matrisunderlaget", slug="matrisunderlaget", themes=[theme], summary="Matrisresumé."
    )
    internal_document = DocumentFactory(
        title=f"Internt underlag {INTERNAL}", slug="internt-matris", internal=True, summary="Matrisresumé."
    )
    file = _document_file(document)
    internal_file = _document_file(internal_document)
    layer = LayerFactory(name="Matrislager")
    internal_layer = LayerFactory(name=f"Internt lager {INTERNAL}", is_public=False)
    request_ = RequestFactory(topic="Matrisönskemål", organisation=kumla)
    news = NewsItemFactory(title="Matrisnyhet")

    # rus: a published strategy with a goal and an indicator, a draft one with its goal
    strategy = StrategyFactory(slug="matris-rus", name="Matris-RUS", vision="Matrisvisionen")
    goal = GoalFactory(strategy=strategy, name="Matrismålet")
    indicator = IndicatorFactory(goal=goal, slug="matrisindikator", areas=[kumla])
    IndicatorValueFactory(indicator=indicator, area=kumla) if _has_field(IndicatorValueFactory, "area") else None
    draft_strategy = StrategyFactory(slug="matris-utkast", draft=True, name=f"Utkast {DRAFT}", vision="Matrisvisionen")
    draft_goal = GoalFactory(strategy=draft_strategy, name=f"Opublicerat mål {DRAFT}")
    image = StructureImageFactory(key="matrisbild", name="Matrisbilden")
    StructureFeatureFactory(image=image)
    value_import = _value_import(users["editor"])
    report = _annual_report(strategy, users["editor"])

    # referrals: Kumla's case in progress (a confidential document, internal notes, a draft reply,
    # an officer-only event, an interest and a consultation), an answered case with a sent reply
    unit = UnitFactory(slug="matrisenhet")
    case = ReferralFactory(
        sender=kumla, in_progress=True, internal_notes=f"Anteckning {CASE}", plan_name="Detaljplan Matris"
    )
    public_doc = ReferralDocumentFactory(referral=case, name="Plankarta matris.pdf")
    confidential_doc = ReferralDocumentFactory(referral=case, name=f"Sekretess {CASE}.pdf", confidential=True)
    ReferralEventFactory(referral=case, summary=f"Handläggarnotering {CASE}")
    reply = ReplyFactory(referral=case, introduction=f"Utkastinledning {CASE}")
    point = ReplyPointFactory(reply=reply, text=f"Utkastpunkt {CASE}")
    interest = InterestMatchFactory(referral=case)
    consultation = ConsultationFactory(referral=case, unit=unit)
    other_case = ReferralFactory(sender=lekeberg, plan_name="Detaljplan Lekeberg matris")
    answered = ReferralFactory(
        sender=kumla,
        answered=True,
        received=timezone.localdate() - datetime.timedelta(days=60),
        plan_name="Detaljplan Matris besvarad",
    )
    from referrals.models import ImportJob, Reply

    ReplyFactory(referral=answered, status=Reply.Status.SENT, sent_on=answered.received)
    import_job = ImportJob.objects.create(original_name="matris.csv", created_by=users["case_officer"])

    from exports.models import ExportJob

    export_job = ExportJob.objects.create(
        user=users["planner"], list_name="networks.organisations", format="csv", filename="organisationer.csv"
    )
    from networks.models import CalendarToken

    calendar = CalendarToken.objects.create(user=users["planner"])
    from notifications.recipients import Recipient
    from notifications.tokens import unsubscribe_token

    token = unsubscribe_token(Recipient(user=users["planner"], email=""), ["meetings"])

    return {
        "users": users,
        "region": region,
        "kumla": kumla,
        "lekeberg": lekeberg,
        "person": person,
        "network": network,
        "meeting": meeting,
        "agenda_item": agenda_item,
        "internal_network": internal_network,
        "closed_meeting": closed_meeting,
        "closed_item": closed_item,
        "theme": theme,
        "document": document,
        "internal_document": internal_document,
        "file": file,
        "internal_file": internal_file,
        "layer": layer,
        "internal_layer": internal_layer,
        "request": request_,
        "news": news,
        "strategy": strategy,
        "goal": goal,
        "indicator": indicator,
        "draft_goal": draft_goal,
        "image": image,
        "value_import": value_import,
        "report": report,
        "unit": unit,
        "case": case,
        "public_doc": public_doc,
        "confidential_doc": confidential_doc,
        "reply": reply,
        "point": point,
        "interest": interest,
        "consultation": consultation,
        "other_case": other_case,
        "answered": answered,
        "import_job": import_job,
        "export_job": export_job,
        "calendar_token": calendar.token,
        "unsubscribe_token": token,
    }


def _has_field(factory_class, name):
    model = factory_class._meta.model
    return any(f.name == name for f in model._meta.get_fields())


def _document_file(document):
    from knowledge.models import DocumentFile

    version = document.versions.first()
    fields = {f.name for f in DocumentFile._meta.get_fields()}
    kwargs = {"version": version} if "version" in fields else {"document": document}
    item = DocumentFile(**kwargs)
    item.name, item.kind = "matris.pdf", DocumentFile.Kind.values[0]
    item.file.save("matris.pdf", ContentFile(b"%PDF-1.4\n%matris\n"), save=False)
    item.save()
    return item


def _value_import(user):
    from rus.models import ValueImport

    item = ValueImport(original_name="matris.csv", created_by=user)
    item.file.save("matris.csv", ContentFile(b"a;b\n"), save=False)
    item.save()
    return item


def _annual_report(strategy, user):
    from rus.models import AnnualReport

    return AnnualReport.objects.create(year=2024, strategy=strategy, created_by=user, status="done", html="<p>R</p>")
