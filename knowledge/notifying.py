"""What the library tells the notification centre (registered in KnowledgeConfig.ready() as a
source the centre reads every quarter hour): new and updated documents matching a subscriber's
themes and municipalities, that the subscriber may see, and the news items, to every subscriber.
The centre sends them at once or gathers them into the person's digest, as they chose for
documents, and asks visible_to again before a digest lists a document."""

from notifications.models import Kind

from . import selectors


def _document_text(document) -> str:
    text = f"{document.year}, {document.publisher.name}"
    return f"{text} [Exempeldata]" if document.is_example else text


def documents_source(*, since, until):
    """notify() arguments for what happened in the library between `since` and `until`."""
    news = [n for n in selectors.digest_news(since=since) if n.created_at < until]
    for user in selectors.digest_recipients():
        for document in selectors.digest_documents(user=user, since=since).filter(updated_at__lt=until):
            new = document.created_at >= since
            yield {
                "kind": Kind.DOCUMENTS,
                "recipients": [user],
                "subject": ("Nytt dokument: %s" if new else "Uppdaterat dokument: %s") % document.title,
                "text": _document_text(document),
                "url": document.get_absolute_url(),
                "target": document,
            }
        for item in news:
            example = " [Exempeldata]" if item.is_example else ""
            yield {
                "kind": Kind.DOCUMENTS,
                "recipients": [user],
                "subject": f"Omvärldsbevakning: {item.title}",
                "text": f"{item.published_on:%Y-%m-%d}, {item.source} ({item.get_scope_display()}){example}",
                "url": item.url,
            }
