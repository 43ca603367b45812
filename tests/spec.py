"""Check recorded HTTP exchanges against Datadog's official OpenAPI documents.

The documents are vendored in `spec/datadog/` (source, commit and licence in its README), so
every checkout has them; a missing one fails the tests that read it. Each is self-contained,
so an operation's schemas are resolved inside its own file. OpenAPI 3.0
schemas become JSON Schema by turning `nullable` into a null alternative and `oneOf`
into `anyOf` (Datadog's own generated clients also accept the first matching member).
String formats are not checked.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx2
import pytest
import yaml
from jsonschema import Draft7Validator

SPEC_DIR = Path(__file__).resolve().parents[1] / "spec" / "datadog"
SPEC_FILES = ("incidents-v2.yaml", "incidents-v2-supplement.yaml")


def _json_schema(node: Any) -> Any:
    if isinstance(node, list):
        return [_json_schema(item) for item in node]  # pyright: ignore[reportUnknownVariableType]
    if not isinstance(node, dict):
        return node
    out = {
        k: _json_schema(v)
        for k, v in node.items()
        if k not in ("nullable", "example", "x-enum-varnames")
    }  # pyright: ignore[reportUnknownVariableType]
    if "oneOf" in out:
        out["anyOf"] = out.pop("oneOf")
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


@dataclass
class Operation:
    method: str
    template: str
    operation_id: str
    spec: dict[str, Any]
    document: dict[str, Any]
    deprecated: bool
    pattern: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        regex = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(self.template))
        self.pattern = re.compile(f"^{regex}$")

    def parameters(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for param in self.spec.get("parameters", []):
            if "$ref" in param:
                param = self.document["components"]["parameters"][param["$ref"].split("/")[-1]]
            out.append(param)
        return out


@dataclass
class Spec:
    operations: list[Operation]
    documents: dict[str, dict[str, Any]]

    def find(self, method: str, path: str) -> Operation:
        candidates = [
            op for op in self.operations if op.method == method and op.pattern.match(path)
        ]
        if not candidates:
            raise AssertionError(f"{method} {path} is not an operation in the official spec")
        return min(candidates, key=lambda op: op.template.count("{"))

    def schema(self, name: str) -> dict[str, Any]:
        """The component schema `name`, from whichever document of the spec declares it."""
        for document in self.documents.values():
            if name in document["components"]["schemas"]:
                return document["components"]["schemas"][name]
        raise AssertionError(f"{name} is not a schema in the official spec")

    def validator(self, op: Operation, schema: dict[str, Any]) -> Draft7Validator:
        root = {**_json_schema(schema), "components": _components(id(op.document), op.document)}
        return Draft7Validator(root)


_COMPONENTS: dict[int, Any] = {}


def _components(key: int, document: dict[str, Any]) -> Any:
    if key not in _COMPONENTS:
        _COMPONENTS[key] = {
            "schemas": _json_schema(copy.deepcopy(document["components"]["schemas"]))
        }
    return _COMPONENTS[key]


@cache
def load_spec(folder: Path = SPEC_DIR) -> Spec:
    """Both documents in `folder`, parsed once; a missing one fails the test, never skips it."""
    missing = [name for name in SPEC_FILES if not (folder / name).is_file()]
    if missing:
        pytest.fail(f"the vendored spec documents {missing} are missing from {folder}")
    operations: list[Operation] = []
    documents: dict[str, dict[str, Any]] = {}
    for name in SPEC_FILES:
        # libyaml reads the spec in a tenth of the pure-Python parser's time (7 s per process)
        document = yaml.load((folder / name).read_text(), Loader=yaml.CSafeLoader)
        documents[name] = document
        for template, item in document["paths"].items():
            for method, spec in item.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    operations.append(
                        Operation(
                            method.upper(),
                            template,
                            spec["operationId"],
                            spec,
                            document,
                            bool(spec.get("deprecated")),
                        )
                    )
    return Spec(operations, documents)


@dataclass(frozen=True)
class Problem:
    operation_id: str
    where: str  # "request" or "response <status>"
    pointer: str
    message: str


def _errors(validator: Draft7Validator, instance: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for error in validator.iter_errors(instance):
        leaves = [error]
        while leaves[0].context:
            leaves = sorted(
                leaves[0].context, key=lambda e: len(list(e.absolute_path)), reverse=True
            )
        deepest = leaves[0]
        pointer = "/" + "/".join(str(p) for p in deepest.absolute_path)
        out.append((pointer, deepest.message[:200]))
    return out


def check_exchange(
    spec: Spec, request: httpx2.Request, response: httpx2.Response
) -> tuple[Operation, list[Problem]]:
    """Validate one request/response pair; returns the operation and every mismatch."""
    op = spec.find(request.method, request.url.path)
    problems: list[Problem] = []

    def add(where: str, pointer: str, message: str) -> None:
        problems.append(Problem(op.operation_id, where, pointer, message))

    declared = {p["name"]: p for p in op.parameters() if p["in"] == "query"}
    sent = dict(request.url.params.multi_items())
    for name, value in sent.items():
        param = declared.get(name)
        if param is None:
            add("request", f"?{name}", "query parameter not declared by the spec")
            continue
        schema = param.get("schema", {})
        values = value.split(",") if schema.get("type") == "array" else [value]
        item = schema.get("items", schema)
        if "$ref" in item:
            item = op.document["components"]["schemas"][item["$ref"].split("/")[-1]]
        for single in values:
            if item.get("type") == "integer" and not re.fullmatch(r"-?\d+", single):
                add("request", f"?{name}", f"{single!r} is not an integer")
            if "enum" in item and single not in item["enum"]:
                add("request", f"?{name}", f"{single!r} not in {item['enum']}")
    for name, param in declared.items():
        if param.get("required") and name not in sent:
            add("request", f"?{name}", "required query parameter missing")

    body_spec = op.spec.get("requestBody")
    if request.content:
        if not body_spec:
            add("request", "/", "body sent but the operation takes none")
        else:
            schema = next(iter(body_spec["content"].values()))["schema"]
            for pointer, message in _errors(
                spec.validator(op, schema), json.loads(request.content)
            ):
                add("request", pointer, message)
    elif body_spec and body_spec.get("required"):
        add("request", "/", "required body missing")

    status = str(response.status_code)
    responses = op.spec["responses"]
    declared_response = responses.get(status) or responses.get("default")
    where = f"response {status}"
    if declared_response is None:
        add(where, "/", f"status {status} is not declared for {op.operation_id}")
        return op, problems
    if "$ref" in declared_response:
        declared_response = op.document["components"]["responses"][
            declared_response["$ref"].split("/")[-1]
        ]
    content = declared_response.get("content")
    if not content:
        if response.content:
            add(where, "/", "body present where the spec declares none")
        return op, problems
    schema = next(iter(content.values()))["schema"]
    try:
        body = json.loads(response.content)
    except ValueError:
        add(where, "/", "body is not JSON")
        return op, problems
    for pointer, message in _errors(spec.validator(op, schema), body):
        add(where, pointer, message)
    return op, problems


class Recorder(httpx2.AsyncBaseTransport):
    """A real HTTP transport that keeps every exchange for later checking."""

    def __init__(self) -> None:
        self.inner = httpx2.AsyncHTTPTransport()
        self.exchanges: list[tuple[httpx2.Request, httpx2.Response]] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await self.inner.handle_async_request(request)
        await response.aread()
        self.exchanges.append((request, response))
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
