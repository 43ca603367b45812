"""Property-based calls of every tool, generated from its own inputSchema, through the MCP client.

Valid arguments must never crash the server or raise a protocol error; invalid ones (wrong
types, missing or unknown arguments, oversized strings, path-changing IDs) must come back as
an isError result naming the argument. Invalid cases are enumerated, not drawn: every
unknown, missing, oversized and wrongly typed argument of every tool. Valid cases are drawn, 20
per tool, then completed so that every parameter of every tool is given a value, each of its
enum values and null where it may be left out, whatever the draws missed (60 draws per tool
missed some, and cost half the suite's time). About 4,900 calls per run (2,011 valid, 2,442
invalid), derandomized for CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from mcp import Client
from mcp.types import Tool

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import connect, json_kind, sandbox_settings

EXAMPLES = 20  # drawn valid examples per tool, before the completion (_uncovered)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
BASE = settings(FUZZ, phases=[Phase.generate])  # the first valid example: no shrinking
PATH_ATTACKS = [
    "../../api/v1/monitor",
    "a?b=c",
    "x/y",
    "..",
    "%2e%2e%2f",
    "a#b",
    "\x00",
    "id\nX-Injected: 1",
]
WRONG = [{"nested": {"object": True}}, [1, 2, 3], 3.5, -1, True]
UNKNOWN = ["bogus", "Incident_Id", "__proto__", "sevérité"]
UNKNOWN_VALUES = ["x", 1, None]
MISSING = object()  # a case that leaves its argument out


@dataclass
class Server:
    portal: BlockingPortal
    client: Client
    sandbox: Sandbox
    tools: dict[str, Tool]
    calls: int = 0

    def call(self, name: str, arguments: dict[str, Any]) -> tuple[bool, str]:
        self.calls += 1
        result = self.portal.call(self.client.call_tool, name, arguments)
        text = result.content[0].text if result.content else ""  # type: ignore[union-attr]
        assert text != f"Error executing tool {name}", f"{name} crashed on {arguments!r}"
        return bool(result.is_error), text


@contextmanager
def _serve(**flags: object) -> Iterator[Server]:
    sandbox = Sandbox()
    with (
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(
            connect(sandbox, settings=sandbox_settings(**flags))
        ) as client,
    ):
        tools = {t.name: t for t in portal.call(client.list_tools).tools}
        yield Server(portal, client, sandbox, tools)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with _serve(toolsets="all") as serving:
        yield serving
    print(f"\nfuzz: {serving.calls} tool calls through the MCP client")


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid for the flat schemas our tools publish (see tools/build.lean_schema)."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema:
        return st.one_of([from_schema(option) for option in schema["anyOf"]])
    kind = schema.get("type")
    if isinstance(kind, list):  # an optional argument: its type, or null
        return st.one_of([from_schema({**schema, "type": k}) for k in kind])  # pyright: ignore[reportUnknownVariableType]
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum", -(2**31)), schema.get("maximum", 2**31))
    if kind == "string":
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True).filter(
                lambda s: len(s) <= schema.get("maxLength", 10**6)
            )
        # Published schemas leave out `minLength: 1` (tools/build.lean_schema), so a valid
        # string here is never empty: an empty one is a mistake of its own (see _invalid).
        return st.text(
            min_size=schema.get("minLength", 1), max_size=min(schema.get("maxLength", 80), 80)
        )
    if kind == "array":
        return st.lists(
            from_schema(schema.get("items", {})),
            min_size=schema.get("minItems", 0),
            max_size=min(schema.get("maxItems", 4), 4),
        )
    if kind == "object" and "properties" in schema:
        required = set(schema.get("required", []))
        fields = {k: from_schema(v) for k, v in schema["properties"].items()}
        return st.fixed_dictionaries(
            {k: v for k, v in fields.items() if k in required},
            optional={k: v for k, v in fields.items() if k not in required},
        )
    if kind == "object":
        values = schema.get("additionalProperties")
        value = from_schema(values) if isinstance(values, dict) else st.text(max_size=20)
        return st.dictionaries(st.text(min_size=1, max_size=20), value, max_size=3)
    raise AssertionError(f"no strategy for {schema}")


def _names() -> list[str]:
    from datadog_incidents_mcp.tools import REGISTRY

    return sorted(spec.name for spec in REGISTRY)


def _invalid(schema: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """Every way of getting exactly one thing wrong, with the argument that is wrong: each
    unknown name, each required argument missing, each limited string one past its limit,
    and each argument given every WRONG value its schema refuses, on a valid base (`_base`)."""
    properties: dict[str, Any] = schema.get("properties", {})
    required: list[str] = schema.get("required", [])
    cases: list[tuple[str, Any]] = [
        (name, UNKNOWN_VALUES[i % len(UNKNOWN_VALUES)]) for i, name in enumerate(UNKNOWN)
    ]
    cases += [(name, MISSING) for name in required]
    cases += [
        (name, "ü" * (p["maxLength"] + 1))
        for name, p in properties.items()
        if json_kind(p) == "string" and "maxLength" in p
    ]
    cases += [
        (name, wrong)
        for name, p in sorted(properties.items())
        for wrong in WRONG
        if not _fits(wrong, p)
    ]
    base = _base(schema)
    for name, value in cases:
        arguments = dict(base)
        if value is MISSING:
            arguments.pop(name, None)
        else:
            arguments[name] = value
        yield arguments, name


def _base(schema: dict[str, Any]) -> dict[str, Any]:
    """Valid values for the required arguments alone, so that the one mistake a case makes is
    the only one (an optional time given as junk text would be a mistake of its own)."""
    required = set(schema.get("required", []))
    properties = {k: v for k, v in schema.get("properties", {}).items() if k in required}
    return find(from_schema({**schema, "properties": properties}), lambda _: True, settings=BASE)


def _fits(value: Any, schema: dict[str, Any]) -> bool:
    if isinstance(schema.get("type"), list):
        return any(_fits(value, {**schema, "type": k}) for k in schema["type"])
    if "anyOf" in schema:
        return any(_fits(value, option) for option in schema["anyOf"])
    kind = schema.get("type")
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list) and not value
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "integer":
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and value >= schema.get("minimum", value)
        )
    if kind == "boolean":
        return isinstance(value, bool)
    return False


def _uncovered(schema: dict[str, Any], drawn: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One call for each thing the draws never gave a parameter: a value at all, each value of
    an enum (or boolean), null for an optional one that admits it. Each is the only optional
    argument on a valid base (`_base`), so a crash it finds is that value's."""
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    base = _base(schema)
    for name, p in properties.items():
        given_values = [a[name] for a in drawn if a.get(name) is not None]
        choices = _choices(p)
        if choices is None and not given_values:
            value = find(from_schema(p), lambda v: v is not None, settings=BASE)
            yield {**base, name: value}
        for choice in choices or []:
            if not any(v == choice and type(v) is type(choice) for v in given_values):
                yield {**base, name: choice}
        if (
            name not in required
            and _fits_null(p)
            and not any(name in a and a[name] is None for a in drawn)
        ):
            yield {**base, name: None}


def _choices(schema: dict[str, Any]) -> list[Any] | None:
    """The values a parameter can take when they are few: an enum's, or a boolean's."""
    options = [schema, *schema.get("anyOf", [])]
    for option in options:
        if "enum" in option:
            return list(option["enum"])
    return [False, True] if json_kind(schema) == "boolean" else None


def _fits_null(schema: dict[str, Any]) -> bool:
    kinds = [schema.get("type"), *(o.get("type") for o in schema.get("anyOf", []))]
    return any(k == "null" or (isinstance(k, list) and "null" in k) for k in kinds)


def _fuzz_valid(server: Server, name: str, examples: int = EXAMPLES) -> None:
    schema = server.tools[name].input_schema
    drawn: list[dict[str, Any]] = []

    @settings(FUZZ, max_examples=examples)
    @given(arguments=from_schema(schema))
    def run(arguments: dict[str, Any]) -> None:
        drawn.append(arguments)
        server.call(name, arguments)

    run()
    for arguments in _uncovered(schema, drawn):
        server.call(name, arguments)


@pytest.mark.parametrize("name", _names())
def test_valid_arguments_never_crash(server: Server, name: str) -> None:
    _fuzz_valid(server, name)


@pytest.mark.parametrize("name", _names())
def test_invalid_arguments_are_errors_naming_the_argument(server: Server, name: str) -> None:
    for arguments, wrong in _invalid(server.tools[name].input_schema):
        is_error, text = server.call(name, arguments)
        assert is_error, f"{name} accepted {arguments!r}"
        assert f"`{wrong}" in text, f"{name}: error does not name `{wrong}`: {text}"


@pytest.mark.parametrize("attack", PATH_ATTACKS)
def test_ids_that_try_to_change_the_path_are_refused_before_any_request(
    server: Server, attack: str
) -> None:
    before = len(server.sandbox.requests)
    for name, tool in server.tools.items():
        ids = [
            p
            for p in tool.input_schema.get("properties", {})
            if p.endswith("_id") and p != "incident_id"
        ]
        for argument in ids:
            arguments = {"incident_id": "IR-1", argument: attack, "confirm": True}
            allowed = set(tool.input_schema["properties"])
            is_error, _ = server.call(name, {k: v for k, v in arguments.items() if k in allowed})
            assert is_error, (name, argument)
    sent = [r.path for r in list(server.sandbox.requests)[before:]]
    assert not any(".." in p or "/api/v1/monitor" in p for p in sent), sent


def test_read_only_fuzz_sends_no_write_to_datadog() -> None:
    from datadog_incidents_mcp.tools import REGISTRY

    with _serve(read_only=True, toolsets="all") as server:
        for name in sorted(server.tools):
            _fuzz_valid(server, name, examples=10)
        for spec in REGISTRY:
            if not spec.read_only:
                is_error, _ = server.call(spec.name, {"incident_id": "IR-1", "confirm": True})
                assert is_error
        assert all(r.method == "GET" for r in server.sandbox.requests)
        assert len(server.sandbox.requests) > 50  # the fuzz did reach Datadog
