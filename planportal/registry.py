"""Small registries that higher apps fill in their AppConfig.ready(), so that a lower app's
page can show what the higher apps link to it without importing them.

organisation_sections: callables (organisation, request) -> dict | None. A dict has
"template" (rendered with the dict as context), "title" and "order"; None hides the section.
"""

organisation_sections: list = []


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
