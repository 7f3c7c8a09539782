"""The expected answer of every URL pattern for every role, written once (issue 13 item 3); the
test is tests/planportal/test_permission_matrix.py, which fails on a pattern missing here.

Each row is a tuple in the order of ROLES (matrix_world.ROLES): an HTTP status, LOGIN (sent to
the sign-in page), REDIRECT (sent elsewhere) or ANY (not checked beyond 'never a 500, no leak')."""

from .matrix_world import CASE, CLOSED, DRAFT, INTERNAL, ROLES

LOGIN = "login"
REDIRECT = "redirect"
ANY = "any"
OK, DENIED, MISSING, NOT_ALLOWED = 200, 403, 404, 405

# Who may see the things carrying each marker of the data set (matrix_world): any other role's
# answer must not contain it, on any page, API answer, feed, tile, export or file.
STAFF = {"case_officer", "coordinator", "editor", "administrator"}
MARKER_AUDIENCE = {
    INTERNAL: set(ROLES) - {"anonymous"},  # knowledge: internal documents are for insiders
    DRAFT: STAFF,  # rus.permissions.INTERNAL_ROLES see drafts
    CLOSED: {"coordinator", "administrator"},  # the internal network's coordinator; superusers
    CASE: {"case_officer", "administrator"},  # the case trail is the officers'
}


def row(*values):
    assert len(values) == len(ROLES)
    return tuple(values)


def every(value):
    return (value,) * len(ROLES)


# The roles' groups (in the order of ROLES: anonymous, planner, other_planner, case_officer,
# coordinator, editor, administrator). Pages for some roles send the signed-out to sign in
# (LOGIN) and answer others 403; objects one may not see do not exist (404).
PUBLIC = every(OK)
SIGNED_IN = row(LOGIN, OK, OK, OK, OK, OK, OK)
EDITORS = row(LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)
OFFICERS = row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)
COORDINATORS = row(LOGIN, DENIED, DENIED, DENIED, OK, DENIED, OK)  # the network's coordinator
ADMINISTRATORS = row(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, OK)  # the admin site: staff only
# Actions (POST only): a GET is refused, after the role check.
SIGNED_IN_POST_ONLY = row(LOGIN, *(NOT_ALLOWED,) * 6)
OFFICERS_POST_ONLY = row(LOGIN, DENIED, DENIED, NOT_ALLOWED, DENIED, DENIED, NOT_ALLOWED)
OFFICERS_ELSE_REDIRECT = row(LOGIN, DENIED, DENIED, REDIRECT, DENIED, DENIED, REDIRECT)  # GET: back to the case
# Objects with visibility rules: for the others they do not exist.
INSIDERS = row(MISSING, OK, OK, OK, OK, OK, OK)  # internal documents and layers
STAFF = row(MISSING, MISSING, MISSING, OK, OK, OK, OK)  # unpublished RUS
NETWORK_INSIDERS = row(MISSING, MISSING, MISSING, MISSING, OK, MISSING, OK)  # an internal network
NOBODY = every(MISSING)
EVERYONE_REDIRECTED = every(REDIRECT)

# Every named URL pattern outside /api/ (the API is API_GET below), with the sample the test
# gives it (url_walk.kwargs_for); 'name[variant]' rows are a second sample of the
# same pattern (an internal twin, an export list and format).
PAGES = {
    "about": PUBLIC,
    "accessibility": PUBLIC,
    "exports:job": row(MISSING, OK, MISSING, MISSING, MISSING, MISSING, MISSING),
    "exports:job_file": NOBODY,
    "exports:job_list": PUBLIC,
    "exports:job_status": row(MISSING, OK, MISSING, MISSING, MISSING, MISSING, MISSING),
    "exports:list": PUBLIC,
    "healthz": PUBLIC,
    "home": PUBLIC,
    "javascript-catalog": PUBLIC,
    "knowledge:document_create": EDITORS,
    "knowledge:document_detail": PUBLIC,
    "knowledge:document_edit": EDITORS,
    "knowledge:document_file": PUBLIC,
    "knowledge:document_reviewed": EDITORS,
    "knowledge:index": PUBLIC,
    "knowledge:layer_delete": EDITORS,
    "knowledge:layer_detail": PUBLIC,
    "knowledge:layer_edit": EDITORS,
    "knowledge:layer_list": PUBLIC,
    "knowledge:layer_upload": EDITORS,
    "knowledge:news_create": EDITORS,
    "knowledge:news_delete": EDITORS,
    "knowledge:news_edit": EDITORS,
    "knowledge:news_list": PUBLIC,
    "knowledge:request_create": SIGNED_IN,
    "knowledge:request_detail": SIGNED_IN,
    "knowledge:request_list": PUBLIC,
    "knowledge:review_list": SIGNED_IN,
    "knowledge:search": PUBLIC,
    "knowledge:subscriptions": SIGNED_IN,
    "knowledge:theme_feed": PUBLIC,
    "knowledge:version_create": EDITORS,
    "knowledge:version_detail": PUBLIC,
    "login": PUBLIC,
    "logout": row(NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    "map": PUBLIC,
    "networks:action_item_done": SIGNED_IN_POST_ONLY,
    "networks:agenda_item_accept": SIGNED_IN_POST_ONLY,
    "networks:agenda_item_decline": SIGNED_IN_POST_ONLY,
    "networks:agenda_item_edit": row(LOGIN, DENIED, MISSING, MISSING, OK, MISSING, OK),
    "networks:agenda_item_propose": row(LOGIN, OK, DENIED, DENIED, OK, DENIED, OK),
    "networks:agenda_order": SIGNED_IN_POST_ONLY,
    "networks:agenda_publish": SIGNED_IN_POST_ONLY,
    "networks:meeting_attendance": COORDINATORS,
    "networks:meeting_cancel": SIGNED_IN_POST_ONLY,
    "networks:meeting_create": COORDINATORS,
    "networks:meeting_detail": PUBLIC,
    "networks:meeting_edit": COORDINATORS,
    "networks:meeting_ics": PUBLIC,
    "networks:meeting_minutes": COORDINATORS,
    "networks:meeting_reply": SIGNED_IN_POST_ONLY,
    "networks:meeting_status": SIGNED_IN_POST_ONLY,
    "networks:meeting_take_home": row(LOGIN, OK, DENIED, DENIED, OK, DENIED, OK),
    "networks:membership_add": COORDINATORS,
    "networks:membership_end": SIGNED_IN_POST_ONLY,
    "networks:municipality_detail": PUBLIC,
    "networks:municipality_feed": PUBLIC,
    "networks:municipality_list": PUBLIC,
    "networks:my_calendar": SIGNED_IN,
    "networks:network_create": COORDINATORS,
    "networks:network_detail": PUBLIC,
    "networks:network_edit": COORDINATORS,
    "networks:network_feed": PUBLIC,
    "networks:network_list": PUBLIC,
    "networks:organisation_detail": PUBLIC,
    "networks:organisation_feed": PUBLIC,
    "networks:organisation_list": PUBLIC,
    "networks:participation": PUBLIC,
    "networks:participation_csv": PUBLIC,
    "networks:personal_feed": PUBLIC,
    "notifications:preferences": SIGNED_IN,
    "notifications:unsubscribe": PUBLIC,
    "ogc:api": PUBLIC,
    "ogc:collection": PUBLIC,
    "ogc:collections": PUBLIC,
    "ogc:conformance": PUBLIC,
    "ogc:item": PUBLIC,
    "ogc:items": PUBLIC,
    "ogc:landing": PUBLIC,
    "ogc-landing-no-slash": PUBLIC,
    "referrals:area": OFFICERS_ELSE_REDIRECT,
    "referrals:assign": OFFICERS_ELSE_REDIRECT,
    "referrals:consultation_answer": row(LOGIN, MISSING, MISSING, OK, MISSING, MISSING, OK),
    "referrals:consultation_request": OFFICERS,
    "referrals:delete": row(LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, OK),
    "referrals:detail": OFFICERS,
    "referrals:document_add": OFFICERS_ELSE_REDIRECT,
    "referrals:document_download": EVERYONE_REDIRECTED,
    "referrals:document_remove": OFFICERS_ELSE_REDIRECT,
    "referrals:edit": OFFICERS,
    "referrals:export": PUBLIC,
    "referrals:extend": OFFICERS_ELSE_REDIRECT,
    "referrals:import": OFFICERS,
    "referrals:import_example": OFFICERS,
    "referrals:import_job": OFFICERS,
    "referrals:import_status": OFFICERS,
    "referrals:index": OFFICERS,
    "referrals:interest_decide": OFFICERS_ELSE_REDIRECT,
    "referrals:link_previous": OFFICERS_ELSE_REDIRECT,
    "referrals:map": PUBLIC,
    "referrals:my_consultations": SIGNED_IN,
    "referrals:outcome_record": OFFICERS,
    "referrals:register": PUBLIC,
    "referrals:register_case": OFFICERS,
    "referrals:register_detail": PUBLIC,
    "referrals:register_feed": PUBLIC,
    "referrals:register_reply": PUBLIC,
    "referrals:register_reply_pdf": PUBLIC,
    "referrals:reply_add_consultation": OFFICERS_POST_ONLY,
    "referrals:reply_add_interests": OFFICERS_POST_ONLY,
    "referrals:reply_approve": OFFICERS_POST_ONLY,
    "referrals:reply_edit": OFFICERS,
    "referrals:reply_pdf": OFFICERS,
    "referrals:reply_point_add": OFFICERS_POST_ONLY,
    "referrals:reply_point_edit": OFFICERS,
    "referrals:reply_point_move": OFFICERS_POST_ONLY,
    "referrals:reply_point_remove": OFFICERS_POST_ONLY,
    "referrals:reply_print": OFFICERS,
    "referrals:reply_review": OFFICERS_POST_ONLY,
    "referrals:reply_send": row(LOGIN, DENIED, DENIED, 400, DENIED, DENIED, 400),  # GET: 'send it with POST',
    "referrals:reply_text": OFFICERS_POST_ONLY,
    "referrals:statistics": PUBLIC,
    "referrals:statistics_csv": PUBLIC,
    "referrals:triage": OFFICERS_ELSE_REDIRECT,
    "referrals:worklist_export": OFFICERS,
    "rus:goal_detail": PUBLIC,
    "rus:import": EDITORS,
    "rus:import_detail": EDITORS,
    "rus:import_status": EDITORS,
    "rus:index": PUBLIC,
    "rus:indicator_detail": PUBLIC,
    "rus:indicator_list": PUBLIC,
    "rus:report_detail": PUBLIC,
    "rus:report_list": PUBLIC,
    "rus:report_pdf": NOBODY,
    "rus:report_status": PUBLIC,
    "rus:strategy_detail": PUBLIC,
    "rus:structure_image_detail": PUBLIC,
    "rus:structure_image_list": PUBLIC,
    "rus:structure_import": EDITORS,
    "search:index": PUBLIC,
    "set_language": EVERYONE_REDIRECTED,
    "knowledge:document_detail[internal]": INSIDERS,
    "knowledge:document_file[internal]": INSIDERS,
    "knowledge:layer_detail[internal]": INSIDERS,
    "rus:goal_detail[draft]": STAFF,
    "networks:network_detail[internal]": NETWORK_INSIDERS,
    "networks:network_feed[internal]": NETWORK_INSIDERS,
    "networks:meeting_detail[closed]": NETWORK_INSIDERS,
    "networks:meeting_ics[closed]": NETWORK_INSIDERS,
    "referrals:document_download[confidential]": row(MISSING, MISSING, MISSING, REDIRECT, MISSING, MISSING, REDIRECT),
    "referrals:detail[other municipality]": OFFICERS,
    "referrals:register_detail[in progress]": PUBLIC,
    "ogc:items[internal layer]": INSIDERS,
    "search:index[marker]": PUBLIC,
    "knowledge:search[marker]": PUBLIC,
    "exports:list[knowledge.documents.csv]": PUBLIC,
    "exports:list[knowledge.documents.geojson]": PUBLIC,
    "exports:list[knowledge.layer_features.csv]": row(400, 400, 400, 400, 400, 400, 400),
    "exports:list[knowledge.layer_features.geojson]": row(400, 400, 400, 400, 400, 400, 400),
    "exports:list[knowledge.requests.csv]": SIGNED_IN,
    "exports:list[knowledge.news.csv]": PUBLIC,
    "exports:list[knowledge.news.geojson]": PUBLIC,
    "exports:list[knowledge.review.csv]": SIGNED_IN,
    "exports:list[knowledge.review.geojson]": SIGNED_IN,
    "exports:list[knowledge.layers.csv]": PUBLIC,
    "exports:list[knowledge.layers.geojson]": PUBLIC,
    "exports:list[referrals.consultations.csv]": SIGNED_IN,
    "exports:list[referrals.consultations.geojson]": SIGNED_IN,
    "exports:list[knowledge.requests.geojson]": SIGNED_IN,
    "exports:list[networks.meetings.csv]": PUBLIC,
    "exports:list[networks.meetings.geojson]": PUBLIC,
    "exports:list[networks.municipalities.csv]": PUBLIC,
    "exports:list[networks.municipalities.geojson]": PUBLIC,
    "exports:list[networks.networks.csv]": PUBLIC,
    "exports:list[networks.networks.geojson]": PUBLIC,
    "exports:list[networks.organisations.csv]": PUBLIC,
    "exports:list[networks.organisations.geojson]": PUBLIC,
    "exports:list[referrals.register.csv]": PUBLIC,
    "exports:list[referrals.register.geojson]": PUBLIC,
    "exports:list[referrals.worklist.csv]": OFFICERS,
    "exports:list[referrals.worklist.geojson]": OFFICERS,
    "exports:list[rus.indicators.csv]": PUBLIC,
    "exports:list[rus.indicators.geojson]": PUBLIC,
    "exports:list[rus.structure_features.csv]": PUBLIC,
    "exports:list[rus.structure_features.geojson]": PUBLIC,
    "exports:list[rus.values.csv]": PUBLIC,
    "exports:list[rus.values.geojson]": PUBLIC,
}

# The admin site (Django's): the index and every model's list; its object and add pages are not
# walked (only an administrator is staff here).
PAGE_GLOBS = {
    "admin:login": row(OK, OK, OK, OK, OK, OK, REDIRECT),
    "admin:logout": row(*(REDIRECT,) * 6, NOT_ALLOWED),
    "admin:autocomplete": row(*(LOGIN,) * 6, DENIED),  # without its parameters
    "admin:*": ADMINISTRATORS,
}


# --- the API (docs/openapi.yaml) -----------------------------------------------------------------

REFUSED = {401, 403, 404, 405}  # a write refused: not signed in, not allowed, not visible to them
API_SIGNED_IN = row(DENIED, OK, OK, OK, OK, OK, OK)
API_OFFICERS = row(DENIED, DENIED, DENIED, OK, DENIED, DENIED, OK)
API_OFFICERS_ELSE_404 = row(MISSING, MISSING, MISSING, OK, MISSING, MISSING, OK)  # a draft reply

# GET of every path of the schema (its parameters from the data set: test_permission_matrix.api_values),
# and internal twins ('path[variant]').
API_GET = {
    "/api/v1/agenda-items/": PUBLIC,
    "/api/v1/agenda-items/{id}/": row(MISSING, OK, MISSING, MISSING, OK, MISSING, OK),
    "/api/v1/document-coverage/": PUBLIC,
    "/api/v1/documents/": PUBLIC,
    "/api/v1/documents/{slug}/": PUBLIC,
    "/api/v1/layers/": PUBLIC,
    "/api/v1/layers/{id}/": PUBLIC,
    "/api/v1/layers/{id}/features/": PUBLIC,
    "/api/v1/meeting-places/": PUBLIC,
    "/api/v1/meetings/": PUBLIC,
    "/api/v1/meetings/{id}/": PUBLIC,
    "/api/v1/meetings/{id}/attendance/": API_SIGNED_IN,
    "/api/v1/memberships/": PUBLIC,
    "/api/v1/memberships/{id}/": PUBLIC,
    "/api/v1/municipalities/": PUBLIC,
    "/api/v1/networks/": PUBLIC,
    "/api/v1/networks/{slug}/": PUBLIC,
    "/api/v1/news/": PUBLIC,
    "/api/v1/news/{id}/": PUBLIC,
    "/api/v1/organisations/": PUBLIC,
    "/api/v1/organisations/{slug}/": PUBLIC,
    "/api/v1/people/": API_SIGNED_IN,
    "/api/v1/people/{id}/": API_SIGNED_IN,
    "/api/v1/referrals/": PUBLIC,
    "/api/v1/referrals/{id}/": PUBLIC,
    "/api/v1/referrals/{id}/consultations/": API_SIGNED_IN,
    "/api/v1/referrals/{id}/documents/": PUBLIC,
    "/api/v1/referrals/{id}/events/": API_OFFICERS,
    "/api/v1/referrals/{id}/extensions/": API_OFFICERS,
    "/api/v1/referrals/{id}/interests/": API_OFFICERS,
    "/api/v1/referrals/{id}/reply/": API_OFFICERS_ELSE_404,
    "/api/v1/referrals/{year}-{seq}/": PUBLIC,
    "/api/v1/referrals/areas/": PUBLIC,
    "/api/v1/referrals/consultations/mine/": API_SIGNED_IN,
    "/api/v1/referrals/in-view/": PUBLIC,
    "/api/v1/referrals/tiles/{z}/{x}/{y}.pbf": PUBLIC,
    "/api/v1/requests/": API_SIGNED_IN,
    "/api/v1/requests/{id}/": API_SIGNED_IN,
    "/api/v1/rus/assessments/": PUBLIC,
    "/api/v1/rus/goals/": PUBLIC,
    "/api/v1/rus/goals/{id}/": PUBLIC,
    "/api/v1/rus/indicators/": PUBLIC,
    "/api/v1/rus/indicators/{slug}/": PUBLIC,
    "/api/v1/rus/indicators/{slug}/choropleth/": PUBLIC,
    "/api/v1/rus/strategies/": PUBLIC,
    "/api/v1/rus/strategies/{slug}/": PUBLIC,
    "/api/v1/rus/structure-images/": PUBLIC,
    "/api/v1/rus/structure-images/{key}/": PUBLIC,
    "/api/v1/rus/structure-images/{key}/features/": PUBLIC,
    "/api/v1/rus/values/": PUBLIC,
    "/api/v1/search/": every(400),
    "/api/v1/themes/": PUBLIC,
    "/api/v1/themes/{slug}/": PUBLIC,
    "/api/v1/documents/{slug}/[internal]": INSIDERS,
    "/api/v1/layers/{id}/[internal]": INSIDERS,
    "/api/v1/layers/{id}/features/[internal]": INSIDERS,
    "/api/v1/rus/goals/{id}/[draft]": STAFF,
    "/api/v1/networks/{slug}/[internal]": NETWORK_INSIDERS,
    "/api/v1/meetings/{id}/[closed]": NETWORK_INSIDERS,
    "/api/v1/agenda-items/{id}/[closed]": NETWORK_INSIDERS,
    "/api/v1/referrals/{id}/[other municipality]": PUBLIC,
    "/api/v1/search/[marker]": PUBLIC,
    "/api/v1/documents/[marker]": PUBLIC,
}

# Every write operation of the schema: the roles allowed past the permission check. Called with an
# empty JSON body (rolled back), the others must get a refusal (REFUSED); where the body is
# checked before the permission, the signed-in get a 400 too and only the signed-out are covered.
SIGNED_IN_ROLES = set(ROLES) - {"anonymous"}
OFFICER_ROLES = {"case_officer", "administrator"}
COORDINATOR_ROLES = {"coordinator", "administrator"}
EDITOR_ROLES = {"editor", "administrator"}

API_UNSAFE = {
    (
        "post",
        "/api/v1/agenda-items/",
    ): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    ("patch", "/api/v1/agenda-items/{id}/"): COORDINATOR_ROLES,
    ("post", "/api/v1/agenda-items/{id}/accept/"): COORDINATOR_ROLES,
    # The member planner's body is checked before the coordinator check (a 400, not a 403).
    ("post", "/api/v1/agenda-items/{id}/decline/"): {"planner", "coordinator", "administrator"},
    ("post", "/api/v1/documents/"): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    ("patch", "/api/v1/documents/{slug}/"): EDITOR_ROLES,
    ("post", "/api/v1/documents/{slug}/reviewed/"): EDITOR_ROLES,
    (
        "post",
        "/api/v1/documents/{slug}/supersede/",
    ): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    ("post", "/api/v1/documents/{slug}/versions/"): EDITOR_ROLES,
    ("post", "/api/v1/layers/"): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    ("post", "/api/v1/meetings/"): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    ("patch", "/api/v1/meetings/{id}/"): COORDINATOR_ROLES,
    (
        "post",
        "/api/v1/meetings/{id}/attendance/",
    ): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    ("post", "/api/v1/meetings/{id}/cancel/"): COORDINATOR_ROLES,
    ("post", "/api/v1/meetings/{id}/publish-agenda/"): COORDINATOR_ROLES,
    (
        "post",
        "/api/v1/meetings/{id}/reply/",
    ): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    (
        "post",
        "/api/v1/meetings/{id}/status/",
    ): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    ("post", "/api/v1/memberships/"): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    ("post", "/api/v1/memberships/{id}/end/"): COORDINATOR_ROLES,
    ("post", "/api/v1/networks/"): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    (
        "put",
        "/api/v1/networks/{slug}/",
    ): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    ("patch", "/api/v1/networks/{slug}/"): COORDINATOR_ROLES,
    ("post", "/api/v1/referrals/"): OFFICER_ROLES,
    ("patch", "/api/v1/referrals/{id}/"): OFFICER_ROLES,
    ("delete", "/api/v1/referrals/{id}/"): {"administrator"},
    ("post", "/api/v1/referrals/{id}/area/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/assign/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/consultations/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/documents/"): OFFICER_ROLES,
    ("delete", "/api/v1/referrals/{id}/documents/{document_id}/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/extensions/"): OFFICER_ROLES,
    ("patch", "/api/v1/referrals/{id}/interests/{interest_id}/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/outcomes/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/previous/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/reply/approve/"): {"administrator"},
    ("post", "/api/v1/referrals/{id}/reply/interests/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/reply/order/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/reply/points/"): OFFICER_ROLES,
    ("patch", "/api/v1/referrals/{id}/reply/points/{point_id}/"): OFFICER_ROLES,
    ("delete", "/api/v1/referrals/{id}/reply/points/{point_id}/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/reply/review/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/reply/send/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/reply/text/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/{id}/triage/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/consultations/{id}/answer/"): OFFICER_ROLES,
    ("post", "/api/v1/referrals/drafts/from-email/"): OFFICER_ROLES,
    ("post", "/api/v1/requests/"): {"planner", "other_planner", "editor", "administrator"},
    ("post", "/api/v1/requests/{id}/status/"): EDITOR_ROLES,
    # Supporting a request: municipalities' planners and the editors (not case officers, coordinators).
    ("post", "/api/v1/requests/{id}/support/"): {"planner", "other_planner", "editor", "administrator"},
    (
        "post",
        "/api/v1/rus/assessments/",
    ): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    (
        "post",
        "/api/v1/rus/indicators/",
    ): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    (
        "put",
        "/api/v1/rus/indicators/{slug}/",
    ): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
    ("patch", "/api/v1/rus/indicators/{slug}/"): EDITOR_ROLES,
    ("post", "/api/v1/rus/values/"): SIGNED_IN_ROLES,  # the body is checked first: the signed-out are what this covers
}

# The URL names under /api/ (router patterns, with their format suffixes): all reached through the
# schema's paths above.
API_PATTERN_NAMES = {
    "agenda-item-accept",
    "agenda-item-decline",
    "agenda-item-detail",
    "agenda-item-list",
    "api-docs",
    "api-root",
    "document-coverage-geojson",
    "document-detail",
    "document-list",
    "document-request-detail",
    "document-request-list",
    "document-request-set-status",
    "document-request-support",
    "document-reviewed",
    "document-supersede",
    "document-versions",
    "layer-detail",
    "layer-features",
    "layer-list",
    "meeting-attendance",
    "meeting-cancel",
    "meeting-detail",
    "meeting-list",
    "meeting-places-geojson",
    "meeting-publish-agenda",
    "meeting-reply",
    "meeting-status",
    "membership-detail",
    "membership-end",
    "membership-list",
    "municipality-geojson",
    "network-detail",
    "network-list",
    "news-item-detail",
    "news-item-list",
    "organisation-detail",
    "organisation-list",
    "person-detail",
    "person-list",
    "referral-area",
    "referral-areas",
    "referral-assign",
    "referral-by-number",
    "referral-consultation-answer",
    "referral-consultations",
    "referral-consultations-mine",
    "referral-detail",
    "referral-document",
    "referral-documents",
    "referral-draft-from-email",
    "referral-events",
    "referral-extensions",
    "referral-interest",
    "referral-interests",
    "referral-list",
    "referral-outcomes",
    "referral-previous",
    "referral-reply",
    "referral-reply-approve",
    "referral-reply-interests",
    "referral-reply-order",
    "referral-reply-point",
    "referral-reply-points",
    "referral-reply-review",
    "referral-reply-send",
    "referral-reply-text",
    "referral-tiles",
    "referral-triage",
    "referrals-in-view",
    "rus-api:api-root",
    "rus-api:assessment-list",
    "rus-api:goal-detail",
    "rus-api:goal-list",
    "rus-api:indicator-choropleth",
    "rus-api:indicator-detail",
    "rus-api:indicator-list",
    "rus-api:strategy-detail",
    "rus-api:strategy-list",
    "rus-api:structure-image-detail",
    "rus-api:structure-image-features",
    "rus-api:structure-image-list",
    "rus-api:value-list",
    "schema",
    "search-api",
    "theme-detail",
    "theme-list",
}
