"""Which document views count towards "Mest använda": a person's first view of a document in
their session, not a reload, and not a crawler, link previewer or script (the bots announce
themselves in the User-Agent; a request without one is a script, not a browser)."""

import re

SESSION_KEY = "knowledge_viewed_documents"
# The session remembers this many documents; a longer session counts an old one again.
MAX_REMEMBERED = 300

# Common crawlers, link previewers, monitors and HTTP libraries (case-insensitive).
BOT_USER_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrapy|archiver|facebookexternalhit|embedly|preview|"
    r"pinterest|vkshare|whatsapp|telegram|skype|slack|discord|feedfetcher|feedparser|"
    r"validator|lighthouse|pagespeed|gtmetrix|pingdom|uptime|monitor|statuscake|"
    r"curl|wget|httpie|python-requests|python-urllib|aiohttp|httpx|go-http-client|okhttp|"
    r"java/|libwww|lwp-|apache-httpclient|node-fetch|axios|headlesschrome|phantomjs|"
    r"ahrefs|semrush|mj12|yandex|baiduspider|petalbot|bytespider|applebot|duckduckgo|"
    r"seznam|sogou|exabot|dotbot|rogerbot|screaming frog|siteimprove|qualys|nessus",
    re.IGNORECASE,
)


def is_bot(request) -> bool:
    agent = request.META.get("HTTP_USER_AGENT", "").strip()
    return not agent or bool(BOT_USER_AGENT.search(agent))


def first_view_in_session(request, document_id: int) -> bool:
    """True the first time this session shows the document (and remembers it); False for a bot
    or when the session has shown it before. Bots get no session written."""
    if is_bot(request):
        return False
    seen = request.session.get(SESSION_KEY, [])
    if document_id in seen:
        return False
    request.session[SESSION_KEY] = [*seen, document_id][-MAX_REMEMBERED:]
    return True
