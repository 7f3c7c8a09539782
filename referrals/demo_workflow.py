"""Demo data of the reply workflow: a few example paragraphs of the phrase library (marked as
example data), citing goals of the demo strategy by code where the strategy has them. Idempotent;
called by referrals/demo.py's load(stdout)."""

from django.db import transaction

from .models import Phrase

# (title, text, goal codes of the demo RUS, plan types ("" = all))
EXAMPLE_PHRASES = [
    (
        "Kollektivtrafik och hållplatser",
        "Region Örebro län vill att planen säkerställer gena, trygga och tillgängliga gång- och cykelvägar till "
        "närmaste hållplats för den regionala kollektivtrafiken, och att hållplatslägen stäms av med Länstrafiken.",
        ["3"],
        "",
    ),
    (
        "Bebyggelse nära stationer",
        "Regionen ser positivt på att ny bebyggelse lokaliseras nära stationer och stråk med god kollektivtrafik, "
        "i linje med den regionala strukturbilden. Det ger kortare restider och minskade utsläpp.",
        ["3", "6"],
        "op,fop,dp",
    ),
    (
        "Klimatanpassning och skyfall",
        "Regionen vill att planen redovisar hur skyfall och höga flöden hanteras inom planområdet, så att "
        "bebyggelse och infrastruktur inte tar skada och dagvatten inte leds vidare till andra fastigheter.",
        ["6"],
        "",
    ),
    (
        "Verksamhetsmark och näringsliv",
        "Regionen välkomnar att planen ger utrymme för verksamheter. Planera gärna för god tillgänglighet med "
        "kollektivtrafik till arbetsplatserna, så att fler kan nå jobben utan bil.",
        ["1", "2"],
        "",
    ),
    (
        "Hälsofrämjande miljöer",
        "Regionen vill framhålla vikten av gröna miljöer, mötesplatser och trygga vägar för barn och unga. "
        "Sådana miljöer bidrar till jämlik hälsa och minskade skillnader i hälsa mellan länets invånare.",
        ["4", "5"],
        "",
    ),
]


def load_phrases(stdout=None) -> int:
    from rus.models import Goal
    from rus.querysets import PUBLISHED

    goals = {}
    for goal in Goal.objects.filter(strategy__status=PUBLISHED, is_example=True).order_by("pk"):
        goals.setdefault(goal.code, goal)
    with transaction.atomic():
        for order, (title, text, codes, plan_types) in enumerate(EXAMPLE_PHRASES, start=1):
            phrase, _created = Phrase.objects.update_or_create(
                kind=Phrase.Kind.POINT,
                title=title,
                defaults={"text": text, "plan_types": plan_types, "order": order * 10, "is_example": True},
            )
            phrase.goals.set([goals[c] for c in codes if c in goals])
    if stdout:
        stdout.write(f"Remisser: {len(EXAMPLE_PHRASES)} stycken i frasbiblioteket (exempel)")
    return len(EXAMPLE_PHRASES)
