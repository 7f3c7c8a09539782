"""Walking the portal's pages from the URL configuration, shared by the permission matrix
(test_permission_matrix.py), axe on every page (tests/browser/test_axe_every_page.py) and the
language of every page (test_language_every_page.py): every named URL pattern outside /api/
(walk_patterns, page_patterns), a sample URL for each from the data set of matrix_world.build
(kwargs_for), extra samples of some patterns (variants), and the expected answer of each row for
each role (expected_page, from permission_matrix.py).

A new page pattern is walked without editing any of the tests: the matrix fails until it has a
row in permission_matrix.PAGES, and the tests built on html_pages() then pick it up."""

import fnmatch
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from . import permission_matrix as table
from .matrix_world import ROLES, build


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        # Built inside a transaction rolled back at the end of the module: the other modules
        # start from the clean database.
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def clients(world):
    result = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        result[role] = client
    return result


def walk_patterns(resolver=None, prefix="", namespace=""):
    """(route, name) of every URL pattern, recursively; name is namespaced, '<unnamed route>' when
    the pattern has none."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk_patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = pattern.name or f"<unnamed {route}>"
            yield route, f"{namespace}:{name}" if namespace else name


def page_patterns():
    """{name: route} of the pages (everything outside /api/, which the schema walk covers)."""
    found = {}
    for route, name in walk_patterns():
        if route.startswith("api/") or route.startswith("^api/"):
            continue
        found.setdefault(name, route)
    return found


def expected_page(name):
    if name in table.PAGES:
        return table.PAGES[name]
    for glob, expected in table.PAGE_GLOBS.items():
        if fnmatch.fnmatchcase(name, glob):
            return expected
    return None


def kwargs_for(name, route, w):
    """Sample URL arguments from the data set, by pattern name."""
    case, answered = w["case"], w["answered"]
    number = {"year": case.diary_year, "seq": case.diary_seq}
    samples = {
        "networks:municipality_detail": {"slug": w["kumla"].slug},
        "networks:municipality_feed": {"slug": w["kumla"].slug},
        "networks:organisation_detail": {"slug": w["region"].slug},
        "networks:organisation_feed": {"slug": w["region"].slug},
        "networks:personal_feed": {"token": w["calendar_token"]},
        "networks:membership_end": {"slug": w["network"].slug, "pk": w["network"].memberships.first().pk},
        "networks:action_item_done": {"slug": w["network"].slug, "pk": 999999},
        "networks:agenda_item_edit": {"slug": w["network"].slug, "pk": w["meeting"].pk, "item_pk": w["agenda_item"].pk},
        "networks:agenda_item_accept": {
            "slug": w["network"].slug,
            "pk": w["meeting"].pk,
            "item_pk": w["agenda_item"].pk,
        },
        "networks:agenda_item_decline": {
            "slug": w["network"].slug,
            "pk": w["meeting"].pk,
            "item_pk": w["agenda_item"].pk,
        },
        "notifications:unsubscribe": {"token": w["unsubscribe_token"]},
        "exports:job": {"pk": w["export_job"].pk},
        "exports:job_status": {"pk": w["export_job"].pk},
        "exports:job_file": {"pk": w["export_job"].pk, "name": "lista.csv"},
        "exports:list": {"name": "networks.organisations"},
        "rus:strategy_detail": {"slug": w["strategy"].slug},
        "rus:goal_detail": {"pk": w["goal"].pk},
        "rus:indicator_detail": {"slug": w["indicator"].slug},
        "rus:structure_image_detail": {"key": w["image"].key},
        "rus:structure_import": {"key": w["image"].key},
        "rus:import_detail": {"pk": w["value_import"].pk},
        "rus:import_status": {"pk": w["value_import"].pk},
        "rus:report_detail": {"pk": w["report"].pk},
        "rus:report_status": {"pk": w["report"].pk},
        "rus:report_pdf": {"pk": w["report"].pk},
        "knowledge:request_detail": {"pk": w["request"].pk},
        "knowledge:layer_detail": {"pk": w["layer"].pk},
        "knowledge:layer_edit": {"pk": w["layer"].pk},
        "knowledge:layer_delete": {"pk": w["layer"].pk},
        "knowledge:news_edit": {"pk": w["news"].pk},
        "knowledge:news_delete": {"pk": w["news"].pk},
        "knowledge:theme_feed": {"slug": w["theme"].slug},
        "knowledge:document_file": {"pk": w["file"].pk, "name": w["file"].name},
        "knowledge:document_detail": {"slug": w["document"].slug},
        "knowledge:version_detail": {"slug": w["document"].slug, "number": 1},
        "knowledge:document_edit": {"slug": w["document"].slug},
        "knowledge:version_create": {"slug": w["document"].slug},
        "knowledge:document_reviewed": {"slug": w["document"].slug},
        "referrals:document_remove": {"pk": w["public_doc"].pk},
        "referrals:document_download": {"pk": w["public_doc"].pk},
        "referrals:interest_decide": {"pk": w["interest"].pk},
        "referrals:consultation_answer": {"pk": w["consultation"].pk},
        "referrals:reply_point_edit": {**number, "pk": w["point"].pk},
        "referrals:reply_point_remove": {**number, "pk": w["point"].pk},
        "referrals:reply_point_move": {**number, "pk": w["point"].pk},
        "referrals:reply_add_consultation": {**number, "pk": w["consultation"].pk},
        "referrals:register_reply": {"year": answered.diary_year, "seq": answered.diary_seq},
        "referrals:register_reply_pdf": {"year": answered.diary_year, "seq": answered.diary_seq},
        "referrals:register_detail": {"year": answered.diary_year, "seq": answered.diary_seq},
        "referrals:statistics_csv": {"table": "per-ar"},
        "referrals:import_job": {"pk": w["import_job"].pk},
        "referrals:import_status": {"pk": w["import_job"].pk},
        "ogc:collection": {"collection_id": "referral-areas"},
        "ogc:items": {"collection_id": "referral-areas"},
        "ogc:item": {"collection_id": "referral-areas", "feature_id": case.pk},
    }
    if name in samples:
        params = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
        return {key: value for key, value in samples[name].items() if key in params}
    if "<int:pk>" in route and (name.startswith("networks:meeting_") or name.startswith("networks:agenda_")):
        return {"slug": w["network"].slug, "pk": w["meeting"].pk}
    if name.startswith("networks:") and "<slug:slug>" in route:
        return {"slug": w["network"].slug}
    if name.startswith("referrals:") and "<int:year>" in route:
        return number
    if name.startswith("admin:") and ("<path:object_id>" in route or name.endswith("_add")):
        return None  # the admin's object and add pages: only its index and lists are walked
    return {} if "<" not in route else None


def variants(w):
    """Extra rows: the internal twin of a public sample, and every registered export list.
    {row name: (URL name, kwargs, query string)}; the row name is 'URL name[variant]'."""
    from exports.registry import all_exports

    closed = {"slug": w["internal_network"].slug, "pk": w["closed_meeting"].pk}
    found = {
        "knowledge:document_detail[internal]": ("knowledge:document_detail", {"slug": w["internal_document"].slug}, ""),
        "knowledge:document_file[internal]": (
            "knowledge:document_file",
            {"pk": w["internal_file"].pk, "name": w["internal_file"].name},
            "",
        ),
        "knowledge:layer_detail[internal]": ("knowledge:layer_detail", {"pk": w["internal_layer"].pk}, ""),
        "rus:goal_detail[draft]": ("rus:goal_detail", {"pk": w["draft_goal"].pk}, ""),
        "networks:network_detail[internal]": ("networks:network_detail", {"slug": w["internal_network"].slug}, ""),
        "networks:network_feed[internal]": ("networks:network_feed", {"slug": w["internal_network"].slug}, ""),
        "networks:meeting_detail[closed]": ("networks:meeting_detail", closed, ""),
        "networks:meeting_ics[closed]": ("networks:meeting_ics", closed, ""),
        "referrals:document_download[confidential]": (
            "referrals:document_download",
            {"pk": w["confidential_doc"].pk},
            "",
        ),
        "referrals:detail[other municipality]": (
            "referrals:detail",
            {"year": w["other_case"].diary_year, "seq": w["other_case"].diary_seq},
            "",
        ),
        "referrals:register_detail[in progress]": (
            "referrals:register_detail",
            {"year": w["case"].diary_year, "seq": w["case"].diary_seq},
            "",
        ),
        "ogc:items[internal layer]": ("ogc:items", {"collection_id": f"layer-{w['internal_layer'].pk}"}, ""),
        "search:index[marker]": ("search:index", {}, "q=Internt"),
        "knowledge:search[marker]": ("knowledge:search", {}, "q=Internt"),
    }
    for spec in all_exports():
        for export_format in spec.formats:
            if export_format != "gpkg":  # a binary file; its rows are the same as the CSV's
                found[f"exports:list[{spec.name}.{export_format}]"] = (
                    "exports:list",
                    {"name": spec.name},
                    f"format={export_format}",
                )
    return found


def cells(world):
    """(row name, URL) of every page cell row: each pattern with its sample, then the variants."""
    for name, route in sorted(page_patterns().items()):
        kwargs = kwargs_for(name, route, world)
        if kwargs is not None and "<unnamed" not in name:
            yield name, reverse(name, kwargs=kwargs)
    for row_name, (name, kwargs, query) in variants(world).items():
        yield row_name, reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")


def roles_answered(name, want=table.OK):
    """The roles (in the order of ROLES) whose expected answer to the row is `want`."""
    expected = expected_page(name)
    if expected is None:
        return []
    return [role for role, got in zip(ROLES, expected, strict=True) if got == want]


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def is_html(response):
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def html_pages(world, clients, skip=("admin:",)):
    """(row name, URL, roles) of every walked row (patterns and variants) whose expected answer is
    200 for some role and whose answer to the first such role is an HTML page; `roles` are the
    roles expected to see it. The admin site (Django's own pages, for administrators only) is left
    out unless `skip` says otherwise."""
    found = []
    for name, url in cells(world):
        if name.startswith(tuple(skip)):
            continue
        seeing = roles_answered(name)
        if not seeing:
            continue
        response = clients[seeing[0]].get(url, HTTP_ACCEPT=BROWSER_ACCEPT)
        if is_html(response):
            found.append((name, url, seeing))
    return found


# The role that works with an app's pages (the richest view of them short of a superuser).
WORKING_ROLE = {"networks:": "coordinator", "knowledge:": "editor", "rus:": "editor", "referrals:": "case_officer"}


def working_role(name, seeing):
    """The signed-in role a walk opens the row as: the one that works with the app's pages
    (WORKING_ROLE, else a planner) if it may see it, else the first signed-in role that may; None
    when only the signed-out may."""
    signed_in = [role for role in seeing if role != "anonymous"]
    if not signed_in:
        return None
    working = next((role for prefix, role in WORKING_ROLE.items() if name.startswith(prefix)), "planner")
    return working if working in signed_in else signed_in[0]
