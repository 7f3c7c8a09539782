"""Never a 500 for something a user can type: every GET operation of the committed OpenAPI
schema, with nonsense path parameters and nonsense values for its query parameters, as the
public and as an administrator. (Found by schemathesis: `/api/v1/layers/null,null/features/`.)"""

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

SCHEMA = yaml.safe_load((Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml").read_text())
NONSENSE = ["abc", "null,null", "-1", "99999999999999999999", "%00", "1.5"]


def get_operations():
    for path, item in SCHEMA["paths"].items():
        operation = item.get("get")
        if operation:
            yield path, [p for p in operation.get("parameters", []) if p["in"] == "query"]


OPERATIONS = list(get_operations())


@pytest.mark.django_db
@pytest.mark.parametrize("as_admin", [False, True], ids=["public", "administrator"])
def test_no_get_operation_answers_500_to_nonsense(client, administrator, as_admin):
    client.raise_request_exception = False  # collect every failure, not just the first
    if as_admin:
        client.force_login(administrator)
    failures = []
    for path, query_params in OPERATIONS:
        for value in NONSENSE:
            url = path
            while "{" in url:
                start, end = url.index("{"), url.index("}")
                url = url[:start] + value + url[end + 1 :]
            queries = [{}] + [{p["name"]: value} for p in query_params]
            for query in queries:
                response = client.get(url, query)
                if response.status_code >= 500:
                    failures.append(f"{response.status_code} GET {url} {query}")
    assert not failures, "\n".join(failures)


class _GetForms(HTMLParser):
    """Collects the field names of every GET form on a page (filters, search)."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, set[str]]] = []
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
            if self._in_get_form:
                self.forms.append((attrs.get("action") or "", set()))
        elif self._in_get_form and tag in {"input", "select", "textarea"} and attrs.get("name"):
            self.forms[-1][1].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


LIST_PAGES = [
    "/",
    "/kommuner/",
    "/organisationer/",
    "/natverk/",
    "/natverk/deltagande/",
    "/rus/",
    "/rus/indikatorer/",
    "/rus/strukturbilder/",
    "/dokument/",
    "/dokument/sok/",
    "/dokument/granskning/",
    "/dokument/onskemal/",
    "/dokument/kartlager/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("as_admin", [False, True], ids=["public", "administrator"])
def test_no_filter_form_answers_500_to_nonsense(client, administrator, as_admin):
    """Every GET form (filters, search) on the list pages, each field given nonsense."""
    client.raise_request_exception = False
    if as_admin:
        client.force_login(administrator)
    failures, forms_seen = [], 0
    for page in LIST_PAGES:
        response = client.get(page)
        if response.status_code == 302 and not as_admin:  # a staff page: the public is sent to sign in
            continue
        assert response.status_code == 200, page
        parser = _GetForms()
        parser.feed(response.content.decode())
        for action, names in parser.forms:
            forms_seen += 1
            target = action or page
            for name in names:
                for value in NONSENSE:
                    r = client.get(target, {name: value})
                    if r.status_code >= 500:
                        failures.append(f"{r.status_code} GET {target} {name}={value!r}")
    assert forms_seen >= len(LIST_PAGES) - 2  # the header search at least, on every page shown
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_nul_characters_in_a_json_body_are_a_400(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/api/v1/memberships/", {"network": "fol\x00", "organisation": "x\x00y"}, content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_nul_characters_in_a_form_or_address_are_a_400(client, administrator):
    client.force_login(administrator)
    assert client.post("/api/v1/memberships/", {"network": "fol", "organisation": "x\x00y"}).status_code == 400
    assert client.get("/kommuner/", {"q": "a\x00b"}).status_code == 400
    assert "NUL" in client.get("/kommuner/a%00b/").content.decode()
