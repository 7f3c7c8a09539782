"""Checks API answers against the committed OpenAPI schema (docs/openapi.yaml).

drf-spectacular writes OpenAPI 3.0, whose schemas are JSON Schema with a few differences; the
ones that matter for checking answers are translated here: `nullable: true` (3.0's way of saying
"or null") and `format: uri` (checked: an absolute URI, so "" where a URI is promised fails).

`SchemaConformanceMiddleware` (test settings only) checks every successful JSON answer of
/api/ against the operation's declared response; each violation is recorded in `violations`,
and the suite's autouse fixture fails the test that produced it. A 2xx status the operation
does not declare is a violation too."""

import functools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import yaml
from django.conf import settings

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"

violations: list[str] = []


@functools.cache
def spec() -> dict:
    return yaml.safe_load(SCHEMA_PATH.read_text())


def _to_json_schema(node):
    if isinstance(node, list):
        return [_to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _to_json_schema(v) for k, v in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


@functools.cache
def _components() -> dict:
    return _to_json_schema(spec().get("components", {}))


_format_checker = jsonschema.FormatChecker()


@_format_checker.checks("uri")
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.path))


@functools.cache
def _operations() -> list[tuple[re.Pattern, str, str]]:
    found = []
    for path, item in spec()["paths"].items():
        literal = re.escape(path).replace(r"\{", "{").replace(r"\}", "}")
        pattern = re.compile("^" + re.sub(r"\{[^}]+\}", r"[^/]+", literal) + "$")
        for method in item:
            if method in {"get", "post", "put", "patch", "delete"}:
                found.append((pattern, method, path))
    # Literal paths before templated ones (/meetings/calendar/ before /meetings/{id}/).
    return sorted(found, key=lambda f: f[2].count("{"))


def find_operation(path: str, method: str):
    for pattern, op_method, template in _operations():
        if op_method == method and pattern.match(path):
            return template, spec()["paths"][template][method]
    return None, None


@functools.cache
def _validator(template: str, method: str, status: str, media: str):
    operation = spec()["paths"][template][method]
    responses = operation.get("responses", {})
    response = responses.get(status)
    if response is None:
        return None
    content = response.get("content") or {}
    schema = (content.get(media) or content.get("application/json") or {}).get("schema")
    if schema is None:
        return "no-schema"
    root = {**_to_json_schema(schema), "components": _components()}
    return jsonschema.Draft7Validator(root, format_checker=_format_checker)


def check_response(method: str, path: str, status: int, content_type: str, body: bytes) -> list[str]:
    """The ways this answer breaks the committed schema (empty when it conforms)."""
    method = method.lower()
    template, operation = find_operation(path, method)
    if operation is None:
        return [f"{method.upper()} {path}: no such operation in docs/openapi.yaml"]
    declared = operation.get("responses", {})
    if str(status) not in declared:
        return [f"{method.upper()} {template}: status {status} is not declared ({', '.join(declared)})"]
    media = (content_type or "").split(";")[0].strip()
    if not media.endswith("json") or not body:
        return []
    validator = _validator(template, method, str(status), media)
    if validator in (None, "no-schema"):
        return []
    try:
        data = json.loads(body)
    except ValueError:
        return [f"{method.upper()} {template}: answer is not JSON"]
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))[:5]:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        problems.append(f"{method.upper()} {template} {status} at {where}: {error.message[:200]}")
    return problems


class SchemaConformanceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/v1/")
            and 200 <= response.status_code < 300
            and not getattr(response, "streaming", False)
        ):
            content_type = response.get("Content-Type", "")
            violations.extend(
                check_response(request.method, request.path, response.status_code, content_type, response.content)
            )
        return response
