"""Small registries that higher apps fill in their AppConfig.ready(), so that a lower app's
page can show what the higher apps link to it without importing them.

organisation_sections: callables (organisation, request) -> dict | None. A dict has
"template" (rendered with the dict as context), "title" and "order"; None hides the section.
An optional "map_layers" (layer specs as static/js/map.js reads them, GeoJSON inline or by URL)
puts features on the page's one map of the organisation; the section itself lists them.


map_layers: callables (request) -> list of layer specs for the portal map page (/karta/), in
the shape planportal/map_page.py documents ({"key", "name", "kind", "url" | "tiles", "color", ...})
plus "list_url" and "list_label": where the same features are listed as text. Registered in an
app's ready() or from its `<app>/map_layers.py` (planportal's AppConfig imports those).
"""

organisation_sections: list = []
map_layers: list = []


def register_map_layers(func):
    map_layers.append(func)
    return func


def map_layers_for(request) -> list[dict]:
    layers = []
    for func in map_layers:
        layers.extend(func(request) or [])
    return layers


def register_organisation_section(func):
    organisation_sections.append(func)
    return func


def sections_for(organisation, request) -> list[dict]:
    sections = []
    for func in organisation_sections:
        section = func(organisation, request)
        if section:
            sections.append(section)
    return sorted(sections, key=lambda s: s.get("order", 100))


# home_cards: callables (request) -> dict | None, the signed-in person's cards on the home page.
# A dict has "title", "template" (rendered with the dict as `card`) and "order"; None hides it.
home_cards: list = []


def register_home_card(func):
    home_cards.append(func)
    return func


def home_cards_for(request) -> list[dict]:
    cards = [card for func in home_cards if (card := func(request))]
    return sorted(cards, key=lambda c: c.get("order", 100))


# news_sources: what is new for an organisation (or, without one, for whoever reads), shown on
# the home page. register_news_source(key, label, func, order=) in an app's `<app>/news.py`;
# func(user, organisation, since, limit) -> at most `limit` planportal.news.NewsItem, newest
# first, only what `user` may see, in a fixed number of queries. `organisation` is None for the
# public and for a signed-in person without an organisation: then it is what is new for anyone.
news_sources: list = []


def register_news_source(key: str, label, func, *, order: int = 100):
    news_sources.append({"key": key, "label": label, "func": func, "order": order})
    return func
