"""The global search's answer, described for the schema (the view builds plain data)."""

from rest_framework import serializers

from ..kinds import KINDS_BY_KEY

# The kinds as text with their values listed (an enum named `kind` would collide with the
# library's document kinds in the schema's component names).
KIND_HELP = "En av: " + ", ".join(KINDS_BY_KEY) + "."


class ResultSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=KIND_HELP)
    title = serializers.CharField()
    url = serializers.CharField(help_text="Sidan som visar träffen (en sökväg på portalen).")
    details = serializers.ListField(child=serializers.CharField(), help_text="Korta uppgifter: datum, typ, ägare …")
    snippet = serializers.CharField(
        allow_null=True,
        help_text="Ett utdrag ur texten som HTML: texten är escapad, sökorden står i <mark>. "
        "Null om inget utdrag finns.",
    )


class KindCountSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=KIND_HELP)
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Antal träffar; högst 10 000 (se count_capped).")
    count_capped = serializers.BooleanField(help_text="Sant när det finns fler träffar än count (fler än 10 000).")


class GroupSerializer(KindCountSerializer):
    results = ResultSerializer(many=True)
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    start = serializers.IntegerField(help_text="Den första träffens nummer i typens lista (1 på första sidan).")
    has_next = serializers.BooleanField()
    ranked_newest = serializers.BooleanField(
        help_text="Sant när träffarna är fler än 10 000 och relevansen rangordnats bland de 10 000 senast tillagda "
        "(dokument)."
    )
    url = serializers.CharField(help_text="Sökningen avgränsad till typen (alla dess träffar, sida för sida).")
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)


class SearchResponseSerializer(serializers.Serializer):
    q = serializers.CharField()
    kind = serializers.CharField(
        allow_null=True, help_text="Typen sökningen avgränsades till (null: alla). " + KIND_HELP
    )
    kinds = KindCountSerializer(many=True, help_text="Antal träffar för varje typ, i fast ordning.")
    groups = GroupSerializer(
        many=True,
        help_text="Utan kind: varje typ med träffar och dess bästa fem. Med kind: den typen, en sida av dess träffar.",
    )
