"""The signed-in person's cards on the home page (planportal.registry.home_cards): new documents
in the themes and municipalities they follow (else the newest documents), and for editors the
documents due for review. A fixed number of queries per card."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planportal.registry import register_home_card
from planportal.roles import ADMINISTRATOR, EDITOR, has_role

from .models import Document
from .selectors import documents_due_for_review

LIMIT = 5


@register_home_card
def new_documents(request):
    user = request.user
    themes = user.subscriptions.filter(theme__isnull=False).values("theme_id")
    municipalities = user.subscriptions.filter(municipality__isnull=False).values("municipality_id")
    documents = Document.objects.visible_to(user).exclude(status=Document.Status.WITHDRAWN)
    followed = list(
        documents.filter(Q(themes__in=themes) | Q(municipalities__in=municipalities))
        .distinct()
        .select_related("publisher")
        .order_by("-created_at", "pk")[:LIMIT]
    )
    return {
        "title": _("Nya dokument i dina bevakningar") if followed else _("Nya dokument"),
        "template": "knowledge/home/new_documents.html",
        "order": 40,
        "documents": followed or list(documents.select_related("publisher").order_by("-created_at", "pk")[:LIMIT]),
        "followed": bool(followed),
        "subscriptions_url": reverse("knowledge:subscriptions"),
    }


@register_home_card
def review_due(request):
    if not has_role(request.user, EDITOR, ADMINISTRATOR):
        return None
    due = documents_due_for_review(user=request.user)
    return {
        "title": _("Dokument att granska"),
        "template": "knowledge/home/review_due.html",
        "order": 25,
        "documents": list(due[:LIMIT]),
        "count": due.count(),
        "url": reverse("knowledge:review_list"),
    }
