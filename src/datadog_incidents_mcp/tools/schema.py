"""Input schemas every client accepts as they are, OpenAI's strict mode and Gemini included.

Strict mode sends every property as required and refuses open objects, so each object is
closed (`additionalProperties: false`) and each optional property also admits `null`, which
a tool reads as "not given" (DatadogTool drops it before the arguments are checked). The
null goes into the type list (`["integer", "null"]`): a few tokens, where an `anyOf`
wrapper costs a dozen (only enums take one, see `nullable`). Pydantic's `$defs`
are inlined: several clients cannot follow a `$ref`.
"""

from __future__ import annotations

from typing import Any


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with every `#/$defs/...` reference replaced by its definition (ours never
    recurse), and no `$defs`. A definition's docstring is left out: where it is used, the
    parameter's own description says what it is."""
    defs: dict[str, Any] = {
        name: {k: v for k, v in definition.items() if k != "description"}
        for name, definition in schema.get("$defs", {}).items()
    }

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                rest = {k: v for k, v in node.items() if k != "$ref"}  # pyright: ignore[reportUnknownVariableType]
                return {**resolve(defs[ref.removeprefix("#/$defs/")]), **resolve(rest)}
            return {k: resolve(v) for k, v in node.items() if k != "$defs"}  # pyright: ignore[reportUnknownVariableType]
        if isinstance(node, list):
            return [resolve(item) for item in node]  # pyright: ignore[reportUnknownVariableType]
        return node

    return resolve(schema)


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema`, also admitting null. An enum takes it as an `anyOf` alternative: a null
    inside the enum would reach Gemini, whose enums hold strings only."""
    kind = schema.get("type")
    if kind is None or "enum" in schema:
        described = {k: v for k, v in schema.items() if k in ("description", "default")}
        rest = {k: v for k, v in schema.items() if k not in described}
        return {"anyOf": [rest, {"type": "null"}], **described}
    kinds: list[Any] = list(kind) if isinstance(kind, list) else [kind]  # pyright: ignore[reportUnknownArgumentType]
    return {**schema, "type": kinds if "null" in kinds else [*kinds, "null"]}


def strict_ready(schema: dict[str, Any]) -> dict[str, Any]:
    """Every object in `schema` closed, and every optional property admitting null."""
    out = dict(schema)
    if isinstance(out.get("items"), dict):
        out["items"] = strict_ready(out["items"])
    if "anyOf" in out:
        out["anyOf"] = [strict_ready(option) for option in out["anyOf"]]
    if out.get("type") == "object" or "properties" in out:
        required = set(out.get("required", []))
        properties: dict[str, Any] = out.get("properties", {})
        out["properties"] = {
            name: strict_ready(prop) if name in required else nullable(strict_ready(prop))
            for name, prop in properties.items()
        }
        out["additionalProperties"] = False
    return out
