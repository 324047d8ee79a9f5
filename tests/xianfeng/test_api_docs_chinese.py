"""The API documentation in Chinese: the Swagger page and the OpenAPI schema it reads.

Every operation has a Chinese summary and description (not the view's English docstring), and
every field of the bodies it takes and returns a Chinese description. The English finder is
the admin test's: a word of the interface's own English source strings counts as English.
"""

import re

import pytest

from tests.xianfeng.test_admin_chinese import IDENTIFIER, WORD, english_runs, interface_words

CJK = re.compile(r"[\u4e00-\u9fff]")
# Terms API documentation writes as they are, in Chinese too.
API_TERMS = {"csrf", "null", "true", "false", "cookie", "javascript", "json", "http"} | {
    "iso",  # ISO 8601
    "jpeg",
    "png",
    "webp",
}


def english_words(text):
    # Enum values are listed as `value` - label: the values are identifiers.
    prose = IDENTIFIER.sub(" ", re.sub(r"`[^`]*`", " ", str(text or "")))
    words = interface_words()
    return [w for w in WORD.findall(prose) if w.lower() in words and w.lower() not in API_TERMS]


def chinese(text):
    return bool(text) and bool(CJK.search(str(text))) and not english_words(text)


@pytest.fixture
def schema(client, db):
    response = client.get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                yield path, method, operation


def referenced_components(schema, node, seen=None):
    """Names of the components `node` refers to, followed through the components."""
    seen = set() if seen is None else seen
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name not in seen:
                seen.add(name)
                referenced_components(schema, schema["components"]["schemas"][name], seen)
        for value in node.values():
            referenced_components(schema, value, seen)
    elif isinstance(node, list):
        for value in node:
            referenced_components(schema, value, seen)
    return seen


def undescribed_fields(schema, node, where):
    """Fields (properties, inline or in referenced components) without a Chinese description."""
    missing = []
    if isinstance(node, dict):
        for name, field in (node.get("properties") or {}).items():
            if "$ref" not in field and not chinese(field.get("description")):
                missing.append(f"{where}.{name}: {field.get('description')!r}")
        for key, value in node.items():
            if key != "properties" or not isinstance(value, dict):
                missing += undescribed_fields(schema, value, where)
            else:
                for name, field in value.items():
                    missing += undescribed_fields(schema, field, f"{where}.{name}")
    elif isinstance(node, list):
        for value in node:
            missing += undescribed_fields(schema, value, where)
    return missing


def test_every_operation_is_described_in_chinese(schema):
    english = [
        f"{method.upper()} {path}: {operation.get('summary')!r} / {operation.get('description')!r}"
        for path, method, operation in operations(schema)
        if not (chinese(operation.get("summary")) and chinese(operation.get("description")))
    ]
    assert not english, "\n".join(english)


def undescribed(schema, where, operation):
    """What an operation leaves without a Chinese description: its parameters, its error
    responses, the fields of the bodies it takes and returns, and those of every component
    they refer to (the shared error shape `Error` too)."""
    missing = []
    for parameter in operation.get("parameters", []):
        if not chinese(parameter.get("description")):
            missing.append(f"{where} ?{parameter['name']}: {parameter.get('description')!r}")
    for status, response in operation.get("responses", {}).items():
        if status >= "400" and not chinese(response.get("description")):
            missing.append(f"{where} {status}: {response.get('description')!r}")
    for body in ("requestBody", "responses"):
        missing += undescribed_fields(schema, operation.get(body, {}), where)
        for name in referenced_components(schema, operation.get(body, {})):
            component = schema["components"]["schemas"][name]
            missing += undescribed_fields(schema, component, name)
    return missing


def test_every_operation_describes_every_field_in_chinese(schema):
    missing = []
    for path, method, operation in operations(schema):
        missing += undescribed(schema, f"{method.upper()} {path}", operation)
    assert not sorted(set(missing)), "\n".join(sorted(set(missing)))


def test_the_field_check_sees_every_api_and_the_error_shape(schema):
    # The check above would pass on an empty schema: it covers each API and the error shape.
    prefixes = {"/".join(path.split("/")[:3]) + "/" for path, _m, _o in operations(schema)}
    assert {
        "/api/learning/",
        "/api/pledges/",
        "/api/search/",
        "/api/branch/",
        "/api/inbox/",
        "/api/service/",
        "/api/selections/",
        "/api/reviews/",
        "/api/meetings/",
        "/api/residents/",
    } <= prefixes
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) >= {"code", "detail", "errors"}
    # A field in English, in a component a response refers to through another, is found.
    fake = {
        "components": {
            "schemas": {
                "Outer": {"properties": {"inner": {"$ref": "#/components/schemas/Inner"}}},
                "Inner": {"properties": {"name": {"type": "string", "description": "The name"}}},
            }
        }
    }
    response = {
        "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Outer"}}}}
    }
    assert undescribed(fake, "x", {"responses": response}) == ["Inner.name: 'The name'"]


def test_the_checks_catch_english():
    assert not chinese("Report the outcome")
    assert not chinese("承诺 of a wall")
    assert chinese("已登录党员须带 CSRF 令牌；第一页为 null。")


def test_docs_page_is_chinese(client, db):
    response = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    assert "先锋" in html
    assert not english_runs(html)
