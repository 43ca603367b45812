"""Reading a prompt result the way a client's model would: instructions, then the data block,
all in one message (Gemini CLI passes on only a prompt's first message)."""

from __future__ import annotations

import json
from typing import Any

from mcp import Client
from mcp.types import GetPromptResult

OPEN_BY_SEVERITY = ["IR-12", "IR-11", "IR-8", "IR-10", "IR-9", "IR-7"]  # the sandbox's seed


def texts(result: GetPromptResult) -> list[str]:
    return [m.content.text for m in result.messages]  # type: ignore[union-attr]


def parts(result: GetPromptResult) -> tuple[str, str]:
    """The instructions and the data block of the one message; fails unless the message holds
    exactly one block, at its end."""
    assert [m.role for m in result.messages] == ["user"]
    (whole,) = texts(result)
    asked, opening, body = whole.partition("\n\n<incident-data>\n")
    block = opening.lstrip() + body
    assert opening and block.endswith("\n</incident-data>")
    assert block.count("</incident-data>") == 1 and block.count("<incident-data>") == 1
    return asked, block


def split(result: GetPromptResult) -> tuple[str, dict[str, Any]]:
    """The instructions and the parsed data block."""
    asked, block = parts(result)
    body = block.removeprefix("<incident-data>").removesuffix("</incident-data>")
    return asked, json.loads(body)


async def prompt(
    client: Client, name: str, arguments: dict[str, str]
) -> tuple[str, dict[str, Any]]:
    return split(await client.get_prompt(name, arguments))
