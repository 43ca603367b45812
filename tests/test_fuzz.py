"""Property-based calls of every tool, generated from its own inputSchema, through the MCP client.

Valid arguments must never crash the server or raise a protocol error; invalid ones (wrong
types, missing or unknown arguments, oversized strings, path-changing IDs) must come back as
an isError result naming the argument. Over 12,000 calls per run, derandomized for CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mcp import Client
from mcp.types import Tool

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import connect, json_kind, sandbox_settings

EXAMPLES = 60  # per tool and kind: 103 tools x 2 kinds x 60 > 12,000 calls
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
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


def _invalid(schema: dict[str, Any]) -> st.SearchStrategy[tuple[dict[str, Any], str]]:
    """Arguments with exactly one thing wrong, and the name of the argument that is wrong."""
    properties: dict[str, Any] = schema.get("properties", {})
    required: list[str] = schema.get("required", [])
    base = from_schema(schema)

    def mutate(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
        arguments = dict(draw(base))
        kinds = ["unknown"] + (["missing"] if required else []) + (["wrong"] if properties else [])
        long = [n for n, p in properties.items() if json_kind(p) == "string" and "maxLength" in p]
        kinds += ["huge"] if long else []
        kind = draw(st.sampled_from(kinds))
        if kind == "unknown":
            name = draw(st.sampled_from(["bogus", "Incident_Id", "__proto__", "sevérité"]))
            arguments[name] = draw(st.sampled_from(["x", 1, None]))
        elif kind == "missing":
            name = draw(st.sampled_from(required))
            arguments.pop(name, None)
        elif kind == "huge":
            name = draw(st.sampled_from(long))
            arguments[name] = "ü" * (properties[name]["maxLength"] + 1)
        else:
            name = draw(st.sampled_from(sorted(properties)))
            wrong = [w for w in WRONG if not _fits(w, properties[name])]
            arguments[name] = draw(st.sampled_from(wrong))
        return arguments, name

    return st.composite(mutate)()


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


def _fuzz_valid(server: Server, name: str, examples: int = EXAMPLES) -> None:
    @settings(FUZZ, max_examples=examples)
    @given(arguments=from_schema(server.tools[name].input_schema))
    def run(arguments: dict[str, Any]) -> None:
        server.call(name, arguments)

    run()


@pytest.mark.parametrize("name", _names())
def test_valid_arguments_never_crash(server: Server, name: str) -> None:
    _fuzz_valid(server, name)


@pytest.mark.parametrize("name", _names())
def test_invalid_arguments_are_errors_naming_the_argument(server: Server, name: str) -> None:
    schema = server.tools[name].input_schema

    @FUZZ
    @given(case=_invalid(schema))
    def run(case: tuple[dict[str, Any], str]) -> None:
        arguments, wrong = case
        is_error, text = server.call(name, arguments)
        assert is_error, f"{name} accepted {arguments!r}"
        assert f"`{wrong}" in text, f"{name}: error does not name `{wrong}`: {text}"

    run()


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
            _fuzz_valid(server, name, examples=20)
        for spec in REGISTRY:
            if not spec.read_only:
                is_error, _ = server.call(spec.name, {"incident_id": "IR-1", "confirm": True})
                assert is_error
        assert all(r.method == "GET" for r in server.sandbox.requests)
        assert len(server.sandbox.requests) > 50  # the fuzz did reach Datadog
