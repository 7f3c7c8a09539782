from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Kunskaps- och planeringsunderlag")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(free_reserved_slugs, sender=self)
        from networks.registry import register_agenda_item_link_provider
        from planportal.registry import register_organisation_section
        from rus.registry import register_goal_reference_source

        from . import selectors
        from .models import Document
        from .sections import municipality_documents_section, organisation_requests_section

        register_organisation_section(municipality_documents_section)
        register_organisation_section(organisation_requests_section)
        from . import home, news  # noqa: F401  (register the home page's cards and news sources)

        register_goal_reference_source("documents", _("Dokument"), selectors.documents_for_goal, order=10)
        from notifications.registry import register_source

        from .notifying import documents_source

        register_source("knowledge.documents", documents_source)  # the library's part of the digests
        register_agenda_item_link_provider(
            field_name="documents",
            label=_("Dokument"),
            queryset=lambda user: Document.objects.visible_to(user).order_by("title"),
            save=lambda item, objects, actor: item.documents.set(objects),
            help_text=_("Dokument i kunskapsbiblioteket som hör till punkten."),
            order=10,
        )


def free_reserved_slugs(sender, using="default", **kwargs):
    """After migrate: a document whose slug became the name of a page gets a free one."""
    from .services import documents_free_reserved_slugs

    documents_free_reserved_slugs()
