"""Demo data of the referral cases (issue 9, part 16): about 300 invented cases over 2024–2026 from
all twelve municipalities (and a few from Trafikverket and Länsstyrelsen), with plan areas around
the towns, in every state — registered, in progress with consultations open or answered, replies
in draft, reviewed or approved, answered, declined — deadlines overdue and extended, plan chains
(samråd → granskning) with outcomes recorded on the earlier reply's points, replies citing the
demo strategy's goals, and the regional-interest check of the open cases and a sample of the rest.

Everything is invented and flagged `is_example` (the pages say "Exempeldata"). Idempotent: a case's
natural key is its sender's reference and phase (its diary number depends on what else was
registered that year); a second run adds nothing. Cases are written directly (their history lies in
the past, which the services would refuse) with their event trail inserted in bulk; the interest
check goes through the service. The demo user `handlaggare` gets the delegation to approve replies."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from networks.models import Organisation, Person
from planportal import roles

from . import demo_cases
from .demo_workflow import load_phrases
from .models import (
    Consultation,
    DeadlineExtension,
    Phrase,
    Referral,
    ReferralEvent,
    Reply,
    ReplyPoint,
    Unit,
)
from .services import interests, numbering

K = ReferralEvent.Kind
RS = Reply.Status
# Every open case and every INTEREST_SAMPLE-th closed one gets its interest check computed.
INTEREST_SAMPLE = 6

STANDARD_PHRASES = [
    (
        Phrase.Kind.DECLINE,
        "Avstår från att yttra sig",
        "Region Örebro län har tagit del av remissen och avstår från att yttra sig i ärendet. Regionen bedömer "
        "att planen inte berör regionala intressen i sådan omfattning att ett yttrande behövs.",
    ),
    (
        Phrase.Kind.STANDARD_REPLY,
        "Standardyttrande",
        "Region Örebro län har tagit del av remissen. Planen bedöms ligga i linje med den regionala "
        "utvecklingsstrategin och den regionala strukturbilden, och regionen har inga synpunkter utöver "
        "de allmänna råd som följer nedan.",
    ),
]
UNIT_ANSWERS = {
    "kollektivtrafik": "Hållplatsen vid planområdet trafikeras av regionbuss; säkerställ gångväg dit.",
    "infrastruktur-och-trafik": "Anslutningen till det regionala vägnätet behöver studeras vidare.",
    "energi-och-klimat": "Planen bör redovisa hur solenergi och laddinfrastruktur kan inrymmas.",
    "kultur": "Inga kulturmiljöintressen av regional betydelse berörs enligt vår bedömning.",
    "folkhalsa": "Gröna ytor och trygga skolvägar är viktiga för barns hälsa; bra att planen tar upp dem.",
    "analys": "Befolkningsprognosen för orten stöder det planerade antalet bostäder.",
    "naringsliv": "Verksamhetsmarken ligger väl till för logistik nära stråket.",
}
FREE_POINTS = [
    ("Gång och cykel", "Regionen vill att planen visar hur gång- och cykelvägnätet knyts till tätortens målpunkter."),
    ("Bostadsbehov", "Regionen ser positivt på ett varierat bostadsutbud som möter behoven hos olika grupper."),
    (
        "Jordbruksmark",
        "Regionen vill att planen redovisar varför jordbruksmark tas i anspråk och vilka alternativ som prövats.",
    ),
]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _users(stdout):
    """The delegation for `handlaggare`, a second case officer and a member of a unit."""
    User = get_user_model()
    region = Organisation.objects.filter(name="Region Örebro län").first()
    approve = Permission.objects.get(codename="approve_reply", content_type__app_label="referrals")
    officer = User.objects.filter(username="handlaggare").first()
    if officer is not None:
        officer.user_permissions.add(approve)
    people = {}
    for username, first, last, title, group in [
        ("handlaggare2", "Exempel", "Kollega", "Handläggare, Regional utveckling", roles.CASE_OFFICER),
        ("enhet", "Exempel", "Enhetsmedarbetare", "Trafikplanerare, Länstrafiken", None),
    ]:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": group is not None,
            },
        )
        if created:
            user.set_password("demo")
            user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        if region is not None:
            Person.objects.get_or_create(
                user=user,
                defaults={
                    "name": f"{first} {last}",
                    "title": title,
                    "organisation": region,
                    "email": f"{username}@example.org",
                    "is_example": True,
                },
            )
        people[username] = user
    transit = Unit.objects.filter(slug="kollektivtrafik").first()
    if transit is not None:
        transit.members.add(people["enhet"])
    people["handlaggare"] = officer or people["handlaggare2"]
    return people


def _phrases():
    for kind, title, text in STANDARD_PHRASES:
        Phrase.objects.update_or_create(
            kind=kind, title=title, defaults={"text": text, "order": 10, "is_active": True, "is_example": True}
        )
    load_phrases()
    return list(Phrase.objects.filter(kind=Phrase.Kind.POINT, is_active=True).prefetch_related("goals"))


def load(stdout):
    started = timezone.now()
    people = _users(stdout)
    point_phrases = _phrases()
    standard_text = Phrase.objects.get(kind=Phrase.Kind.STANDARD_REPLY, title=STANDARD_PHRASES[1][1]).text
    decline_text = Phrase.objects.get(kind=Phrase.Kind.DECLINE, title=STANDARD_PHRASES[0][1]).text
    municipalities = {
        m.code: (m.short_name or m.name, m.short_name or m.name, m.seat)
        for m in Organisation.objects.municipalities().exclude(seat=None)
    }
    if not municipalities:
        stdout.write("Remisser: inga kommuner med centralort – ladda networks demodata först.")
        return
    orgs = {o.code: o for o in Organisation.objects.municipalities()}
    orgs.update({o.name: o for o in Organisation.objects.filter(name__in=[n for n, _t in demo_cases.STATE_SENDERS])})
    units = {u.slug: u for u in Unit.objects.filter(is_active=True)}
    today = timezone.localdate()
    specs = [s for s in demo_cases.build(municipalities, today, sorted(units)) if s.sender in orgs]
    existing = {
        (ref, phase): pk
        for ref, phase, pk in Referral.objects.filter(is_example=True).values_list("sender_reference", "phase", "pk")
    }
    todo = [s for s in specs if s.key not in existing]
    saved = {key: Referral(pk=pk) for key, pk in existing.items()}
    new_events: list[ReferralEvent] = []
    interest_cases = []
    for index, spec in enumerate(todo):
        referral = _save_case(spec, orgs, people, saved, new_events)
        saved[spec.key] = referral
        writer = _CaseWriter(spec, referral, people, units, new_events)
        if spec.extension_days:
            writer.extend()
        writer.consult()
        writer.reply(point_phrases, standard_text, decline_text)
        if spec.previous and spec.previous in saved:
            writer.outcomes(saved[spec.previous])
        if referral.is_open or index % INTEREST_SAMPLE == 0:
            interest_cases.append(referral)
    ReferralEvent.objects.bulk_create(new_events, batch_size=500)
    for referral in interest_cases:
        interests.interests_compute(referral, actor=None)
    seconds = (timezone.now() - started).total_seconds()
    stdout.write(
        f"Remisser: {len(todo)} nya exempelremisser ({len(specs)} i demon), "
        f"intressekontroll för {len(interest_cases)}, {seconds:.1f} s"
    )


def _save_case(spec, orgs, people, saved, new_events) -> Referral:
    sender = orgs[spec.sender]
    seq, number = numbering.next_diary_number(spec.received.year)
    assignee = people.get(spec.assignee) if spec.assignee else None
    closed = spec.state in ("answered", "standard", "declined")
    status = {
        "answered": Referral.Status.ANSWERED,
        "standard": Referral.Status.ANSWERED,
        "declined": Referral.Status.DECLINED,
        "registered": Referral.Status.REGISTERED,
        "registered_assigned": Referral.Status.REGISTERED,
    }.get(spec.state, Referral.Status.IN_PROGRESS)
    triage = {"declined": "decline", "standard": "standard", "registered": "", "registered_assigned": ""}.get(
        spec.state, "answer"
    )
    reply_day = min(spec.deadline - datetime.timedelta(days=2), timezone.localdate())
    referral = Referral.objects.create(
        diary_year=spec.received.year,
        diary_seq=seq,
        diary_number=number,
        sender=sender,
        sender_reference=spec.sender_reference,
        plan_name=spec.plan_name,
        plan_type=spec.plan_type,
        phase=spec.phase,
        received=spec.received,
        deadline=spec.deadline,
        contact_name=f"Planerare {sender.short_name or sender.name}",
        contact_email=f"planerare.{(sender.slug or 'avsandare')}@example.org",
        area=spec.area,
        area_source=Referral.AreaSource.DRAWN,
        status=status,
        triage=triage,
        assignee=assignee,
        previous=saved.get(spec.previous) if spec.previous else None,
        closed_at=_at(reply_day, 15) if closed else None,
        registered_by=people["handlaggare"],
        is_example=True,
        created_at=_at(spec.received, 9),
    )
    officer = people["handlaggare"]
    registered = _at(spec.received, 9)
    new_events.append(
        ReferralEvent(
            referral=referral,
            kind=K.REGISTERED,
            actor=officer,
            at=registered,
            summary=f"Registrerad som {number} från {sender} (exempeldata)",
            data={"sender": sender.pk, "sender_reference": spec.sender_reference},
        )
    )
    new_events.append(
        ReferralEvent(
            referral=referral,
            kind=K.AREA_CHANGED,
            actor=officer,
            at=registered,
            summary="Planområde angivet (ritat på kartan)",
            data={"source": "drawn"},
        )
    )
    if referral.previous_id:
        new_events.append(
            ReferralEvent(
                referral=referral,
                kind=K.LINKED,
                actor=officer,
                at=registered,
                summary="Kopplad till planens tidigare skede",
                data={"previous": referral.previous_id},
            )
        )
    if assignee:
        new_events.append(
            ReferralEvent(
                referral=referral,
                kind=K.ASSIGNED,
                actor=officer,
                at=_at(spec.received, 11),
                summary=f"Tilldelad {assignee.get_full_name() or assignee.username}",
                data={"assignee": assignee.pk},
            )
        )
    if triage and triage != "decline":
        words = "Beslut: yttra sig" if triage == "answer" else "Beslut: standardyttrande (utkast från frasbiblioteket)"
        new_events.append(
            ReferralEvent(
                referral=referral,
                kind=K.TRIAGED,
                actor=assignee or officer,
                at=_at(spec.received + datetime.timedelta(days=1)),
                summary=words,
                data={"decision": triage},
            )
        )
    return referral


class _CaseWriter:
    """Writes one case's history: extension, consultations, reply and outcomes, with their events."""

    def __init__(self, spec, referral, people, units, new_events):
        self.spec, self.referral, self.units, self.events = spec, referral, units, new_events
        self.officer = referral.assignee or people["handlaggare"]
        self.approver = people["handlaggare"]
        self.reviewer = people.get("handlaggare2") or self.approver
        self.unit_member = people.get("enhet")
        self.today = timezone.localdate()

    def event(self, kind, day, summary, hour=10, actor=None, **data):
        self.events.append(
            ReferralEvent(
                referral=self.referral,
                kind=kind,
                actor=actor or self.officer,
                at=_at(day, hour),
                summary=summary,
                data=data,
            )
        )

    def extend(self):
        r, days = self.referral, self.spec.extension_days
        new = r.deadline + datetime.timedelta(days=days)
        day = min(r.deadline - datetime.timedelta(days=3), self.today)
        DeadlineExtension.objects.create(
            referral=r,
            previous_deadline=r.deadline,
            new_deadline=new,
            reason="Kommunen medgav anstånd för att det interna samrådet ska hinna avslutas.",
            granted_by=r.contact_name,
            recorded_by=self.officer,
            recorded_at=_at(day),
        )
        self.event(
            K.DEADLINE_EXTENDED,
            day,
            f"Anstånd till {new.isoformat()} (tidigare {r.deadline.isoformat()})",
            previous=r.deadline.isoformat(),
            new=new.isoformat(),
        )
        Referral.objects.filter(pk=r.pk).update(deadline=new)
        r.deadline = new

    def consult(self):
        spec, r = self.spec, self.referral
        if not spec.units:
            return
        asked = min(r.received + datetime.timedelta(days=2), self.today)
        due = max(asked + datetime.timedelta(days=5), r.deadline - datetime.timedelta(days=7))
        for i, slug in enumerate(spec.units):
            unit = self.units[slug]
            # "consulting": no unit has answered yet; "consulted": the first of several is still out.
            waiting = spec.state == "consulting" or (spec.state == "consulted" and i == 0 and len(spec.units) > 1)
            answered = not waiting
            answer_day = min(asked + datetime.timedelta(days=4 + i), self.today)
            Consultation.objects.create(
                referral=r,
                unit=unit,
                question="Har enheten synpunkter på planen?",
                due=due,
                requested_by=self.officer,
                requested_at=_at(asked, 9),
                request_sent_at=_at(asked, 9),
                answer=UNIT_ANSWERS.get(slug, "Inga synpunkter.") if answered else "",
                answered_by=self.unit_member if answered else None,
                answered_at=_at(answer_day, 14) if answered else None,
            )
            self.event(
                K.CONSULTED,
                asked,
                f"Internt samråd begärt av {unit.name}, svar senast {due.isoformat()}",
                hour=9,
                unit=unit.pk,
            )
            if answered:
                self.event(
                    K.CONSULTATION_ANSWERED,
                    answer_day,
                    f"{unit.name} har svarat",
                    hour=14,
                    actor=self.unit_member,
                    unit=unit.pk,
                )

    def reply(self, phrases, standard_text, decline_text):
        spec, r = self.spec, self.referral
        state = spec.state
        if state in ("registered", "registered_assigned", "consulting"):
            return
        day = min(r.deadline - datetime.timedelta(days=2), self.today)
        day = max(day, r.received)
        if state == "declined":
            Reply.objects.create(
                referral=r,
                status=RS.SENT,
                introduction=decline_text,
                is_standard=True,
                sent_on=day,
                sent_to=r.contact_email,
                sent_by=self.officer,
            )
            self.event(
                K.DECLINED,
                day,
                "Avstått från att yttra sig; standardtexten registrerad som yttrande och "
                f"skickad till {r.contact_email}",
            )
            return
        status = {"consulted": RS.DRAFT, "draft": RS.DRAFT, "reviewed": RS.REVIEWED, "approved": RS.APPROVED}.get(
            state, RS.SENT
        )
        done = status in (RS.REVIEWED, RS.APPROVED, RS.SENT)
        reply = Reply.objects.create(
            referral=r,
            status=status,
            is_standard=state == "standard",
            introduction=standard_text
            if state == "standard"
            else (f"Region Örebro län har tagit del av remissen om {r.plan_name} och lämnar följande yttrande."),
            conclusion="Regionen ser fram emot fortsatt dialog i planarbetet.",
            reviewed_by=self.reviewer if done else None,
            reviewed_at=_at(day, 9) if done else None,
            approved_by=self.approver if status in (RS.APPROVED, RS.SENT) else None,
            approved_at=_at(day, 11) if status in (RS.APPROVED, RS.SENT) else None,
            sent_on=day if status == RS.SENT else None,
            sent_to=r.contact_email if status == RS.SENT else "",
            sent_by=self.officer if status == RS.SENT else None,
        )
        self._points(reply, phrases)
        self.event(K.REPLY_EDITED, day - datetime.timedelta(days=1), "Yttrandet ändrat: punkter tillagda")
        if done:
            self.event(K.REPLY_REVIEWED, day, "Yttrandet granskat", hour=9, actor=self.reviewer)
        if status in (RS.APPROVED, RS.SENT):
            self.event(K.REPLY_APPROVED, day, "Yttrandet godkänt (delegation)", hour=11, actor=self.approver)
        if status == RS.SENT:
            self.event(K.REPLY_SENT, day, f"Yttrandet skickat till {r.contact_email} {day.isoformat()}", hour=15)

    def _points(self, reply, phrases):
        import random

        rng = random.Random(self.spec.seed)
        chosen = rng.sample(phrases, k=min(len(phrases), rng.randint(1, 3))) if phrases else []
        Through = ReplyPoint.goals.through
        links = []
        order = 0
        for phrase in chosen:
            order += 1
            point = ReplyPoint.objects.create(
                reply=reply,
                order=order,
                heading=phrase.title,
                text=phrase.text,
                source=ReplyPoint.Source.PHRASE,
                phrase=phrase,
            )
            links += [Through(replypoint_id=point.pk, goal_id=g.pk) for g in phrase.goals.all()]
        if rng.random() < 0.5:
            order += 1
            heading, text = rng.choice(FREE_POINTS)
            ReplyPoint.objects.create(reply=reply, order=order, heading=heading, text=text)
        answered = [c for c in self.referral.consultations.all() if c.answered_at]
        for consultation in answered[:1]:
            order += 1
            ReplyPoint.objects.create(
                reply=reply,
                order=order,
                heading=consultation.unit.name,
                text=consultation.answer,
                source=ReplyPoint.Source.CONSULTATION,
            )
        Through.objects.bulk_create(links, ignore_conflicts=True)

    def outcomes(self, previous):
        """The earlier phase's points: taken into account fully, partly, not, or not applicable."""
        import random

        rng = random.Random(self.spec.seed + 1)
        day = min(self.referral.received + datetime.timedelta(days=5), self.today)
        points = list(ReplyPoint.objects.filter(reply__referral=previous))
        choices = ["fully", "fully", "partly", "partly", "not", "na"]
        for point in points:
            point.outcome = rng.choice(choices)
            point.outcome_note = "Bedömt i granskningshandlingen (exempeldata)."
            point.outcome_case = self.referral
            point.outcome_recorded_at = _at(day, 13)
        ReplyPoint.objects.bulk_update(points, ["outcome", "outcome_note", "outcome_case", "outcome_recorded_at"])
        if points:
            self.events.append(
                ReferralEvent(
                    referral=previous,
                    kind=K.OUTCOME_RECORDED,
                    actor=self.officer,
                    at=_at(day, 13),
                    summary=f"Utfall registrerat för {len(points)} punkter i {self.referral.diary_number}",
                    data={"case": self.referral.pk, "count": len(points)},
                )
            )
