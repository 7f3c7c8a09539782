"""The regional-interest check (part 4): what a case's plan area touches or lies within
settings.REFERRAL_INTEREST_DISTANCE_M metres of, computed in PostGIS: structure-image features
(rus), public knowledge layers and documents (knowledge), and earlier referral cases. Each
becomes an InterestMatch with its distance and a ready paragraph (Swedish, the reply's
language) offered for the reply; the officer accepts or dismisses each item.

Only what the public may see is listed (user=None for the lower apps): the paragraphs go into a
reply that is a public record, and a confidential layer must not leak through it."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.measure import D
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from knowledge.selectors import documents_near, layer_features_near
from rus.selectors import structure_features_touching

from ..models import InterestMatch, Referral, ReferralEvent
from . import events
from .words import sv

MAX_PER_SOURCE = 25

# How the structure image's kinds are named in a sentence, and what the Region asks of each.
_KIND_WORDS = {
    "primary_corridor": (
        "det primära stråket",
        "Stråket är av regional betydelse och planen bör inte försvåra dess funktion för resor och transporter.",
    ),
    "secondary_corridor": (
        "det sekundära stråket",
        "Stråket kompletterar de primära stråken och dess funktion bör värnas i planen.",
    ),
    "node": (
        "noden",
        "Regionen vill att planen stödjer nodens roll som knutpunkt för bostäder, arbetsplatser och kollektivtrafik.",
    ),
    "logistics_area": (
        "logistikområdet",
        "Regionen vill att planen tar hänsyn till logistikområdets behov av goda transportförbindelser "
        "och att konflikter med bostäder undviks.",
    ),
}


@dataclass
class Found:
    source: str
    object_id: int
    title: str
    detail: str
    url: str
    distance_m: float
    suggested_text: str


def distance_words(metres: float) -> str:
    """'350 m', '1,2 km' (Swedish decimal comma), for the paragraphs."""
    if metres < 1000:
        return f"{int(round(metres, -1)) if metres >= 10 else int(round(metres))} m"
    return f"{metres / 1000:.1f} km".replace(".", ",")


def _where(metres: float) -> str:
    if metres <= 0.5:
        return "Planområdet berör"
    return f"Planområdet ligger {distance_words(metres)} från"


def _metres(value) -> float:
    return float(getattr(value, "m", value) or 0)


def _structure(area, distance_m) -> list[Found]:
    found = []
    for feature in structure_features_touching(area, distance_m=distance_m, user=None).order_by("distance")[
        :MAX_PER_SOURCE
    ]:
        metres = _metres(feature.distance)
        noun, ask = _KIND_WORDS.get(feature.kind, (feature.get_kind_display().lower(), ""))
        image = feature.image
        text = f"{_where(metres)} {noun} {feature.name} i strukturbilden {image.name}."
        if ask:
            text += f" {ask}"
        found.append(
            Found(
                source=InterestMatch.Source.STRUCTURE,
                object_id=feature.pk,
                title=f"{feature.name} ({feature.get_kind_display()})",
                detail=image.name,
                url=image.get_absolute_url(),
                distance_m=metres,
                suggested_text=text,
            )
        )
    return found


def _feature_name(feature) -> str:
    props = feature.properties or {}
    for key in ("name", "namn", "NAMN", "Name", "title", "benamning", "BENAMNING"):
        if props.get(key):
            return str(props[key])[:150]
    return f"objekt {feature.number}"


def _layers(area, distance_m) -> list[Found]:
    found = []
    for feature in layer_features_near(area, distance_m=distance_m, user=None)[:MAX_PER_SOURCE]:
        metres = _metres(feature.distance)
        name = _feature_name(feature)
        found.append(
            Found(
                source=InterestMatch.Source.LAYER,
                object_id=feature.pk,
                title=f"{name} ({feature.layer.name})",
                detail=feature.layer.name,
                url=feature.layer.get_absolute_url(),
                distance_m=metres,
                suggested_text=(
                    f"{_where(metres)} {name} i kartlagret {feature.layer.name}. "
                    "Regionen vill att planen beaktar detta underlag."
                ),
            )
        )
    return found


def _documents(area, distance_m) -> list[Found]:
    found = []
    for document in documents_near(area, distance_m=distance_m, user=None)[:MAX_PER_SOURCE]:
        metres = _metres(document.distance)
        year = f" ({document.year})" if document.year else ""
        found.append(
            Found(
                source=InterestMatch.Source.DOCUMENT,
                object_id=document.pk,
                title=f"{document.title}{year}",
                detail=str(document.publisher or ""),
                url=document.get_absolute_url(),
                distance_m=metres,
                suggested_text=(
                    f"{_where(metres)} det område som kunskapsunderlaget {document.title}{year} omfattar. "
                    "Regionen hänvisar till underlaget och vill att planen tar hänsyn till det."
                ),
            )
        )
    return found


def _referrals(referral, area, distance_m) -> list[Found]:
    qs = (
        Referral.objects.exclude(pk=referral.pk)
        .filter(area__isnull=False, area__dwithin=(area, D(m=distance_m)))
        .annotate(distance=Distance("area", area))
        .select_related("sender")
        .order_by("distance", "-received")[:MAX_PER_SOURCE]
    )
    found = []
    for other in qs:
        metres = _metres(other.distance)
        where = "överlappar" if metres <= 0.5 else f"ligger {distance_words(metres)} från"
        found.append(
            Found(
                source=InterestMatch.Source.REFERRAL,
                object_id=other.pk,
                title=f"{other.diary_number} {other.plan_name}",
                detail=f"{other.sender} · {other.get_phase_display()} · {other.received:%Y-%m-%d}",
                url=other.get_absolute_url(),
                distance_m=metres,
                suggested_text=(
                    f"Planområdet {where} området för {other.plan_name} ({other.sender}), som Regionen fick på "
                    f"remiss {other.received:%Y-%m-%d} (diarienummer {other.diary_number}). Regionen hänvisar till "
                    "sina synpunkter i det ärendet."
                ),
            )
        )
    return found


def interests_compute(referral, *, actor=None, distance_m: float | None = None) -> list[InterestMatch]:
    """(Re)compute the case's checklist from its current area. Items still found keep the
    officer's decision and get the new distance and paragraph; items no longer found go.
    Call inside the service's transaction (an event is recorded)."""
    distance_m = settings.REFERRAL_INTEREST_DISTANCE_M if distance_m is None else distance_m
    if referral.area is None:
        removed, _by_model = InterestMatch.objects.filter(referral=referral).delete()
        if removed:
            events.record(
                referral,
                ReferralEvent.Kind.INTERESTS_CHECKED,
                actor=actor,
                summary=sv("Regionala intressen borttagna: planområdet saknas"),
                count=0,
            )
        return []
    area = referral.area
    found = (
        _structure(area, distance_m)
        + _layers(area, distance_m)
        + _documents(area, distance_m)
        + _referrals(referral, area, distance_m)
    )
    existing = {(m.source, m.object_id): m for m in InterestMatch.objects.filter(referral=referral)}
    keep = set()
    for item in found:
        key = (item.source, item.object_id)
        keep.add(key)
        values = {
            "title": item.title[:300],
            "detail": item.detail[:300],
            "url": item.url[:300],
            "distance_m": round(item.distance_m, 1),
            "suggested_text": item.suggested_text,
        }
        if key in existing:
            match = existing[key]
            for name, value in values.items():
                setattr(match, name, value)
            match.save(update_fields=list(values))
        else:
            InterestMatch.objects.create(referral=referral, source=item.source, object_id=item.object_id, **values)
    stale = [m.pk for key, m in existing.items() if key not in keep]
    if stale:
        InterestMatch.objects.filter(pk__in=stale).delete()
    events.record(
        referral,
        ReferralEvent.Kind.INTERESTS_CHECKED,
        actor=actor,
        summary=sv(
            "Regionala intressen kontrollerade: %(count)s träffar inom %(distance)s",
            count=len(found),
            distance=distance_words(distance_m),
        ),
        count=len(found),
        distance_m=distance_m,
    )
    return list(InterestMatch.objects.filter(referral=referral))


def interest_decide(*, match: InterestMatch, decision: str, actor) -> InterestMatch:
    """Accept (to be offered as a point of the reply), dismiss, or reopen one checklist item."""
    events.require_officer(actor)
    if decision not in InterestMatch.Decision.values:
        raise ValidationError({"decision": _("Okänt val: %(value)s.") % {"value": decision}})
    referral = match.referral
    if not referral.is_open:
        raise ValidationError(
            _("Ärendet %(number)s är avslutat; bedömningen av regionala intressen kan inte ändras.")
            % {"number": referral.diary_number},
            code="state",
        )
    with transaction.atomic():
        match.decision = decision
        match.save(update_fields=["decision"])
        words = {
            InterestMatch.Decision.ACCEPTED: "Tas med i yttrandet: %(title)s",
            InterestMatch.Decision.DISMISSED: "Bedömt som inte relevant: %(title)s",
            InterestMatch.Decision.OPEN: "Bedömning ångrad: %(title)s",
        }
        events.record(
            referral,
            ReferralEvent.Kind.INTERESTS_CHECKED,
            actor=actor,
            summary=sv(words[InterestMatch.Decision(decision)], title=match.title),
            interest=match.pk,
            decision=decision,
        )
    return match
