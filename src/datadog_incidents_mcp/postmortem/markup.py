"""Readable text from chat markup: Slack's `<@U123|jane>` links and Teams' HTML bodies.

A postmortem is read by people, so mentions become `@name`, links become Markdown links,
and a few emoji codes common in incident channels become the emoji; others stay `:name:`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

_SLACK = re.compile(r"<([@#!])?([^<>|]+)(?:\|([^<>]*))?>")
_EMOJI = re.compile(r":([a-z0-9_+\-]+):")
_COMMON_EMOJI = {
    "+1": "👍",
    "thumbsup": "👍",
    "-1": "👎",
    "white_check_mark": "✅",
    "heavy_check_mark": "✔️",
    "x": "❌",
    "warning": "⚠️",
    "rotating_light": "🚨",
    "fire": "🔥",
    "eyes": "👀",
    "pray": "🙏",
    "tada": "🎉",
    "rocket": "🚀",
    "red_circle": "🔴",
    "large_green_circle": "🟢",
    "green_circle": "🟢",
    "ok_hand": "👌",
    "point_up": "☝️",
    "thinking_face": "🤔",
    "sweat_smile": "😅",
}
# No part of a tag reaches past the next `<`: each `<` of a long run then fails at once,
# where `[^>]+` or `.*?` would scan to the end of the text from every one of them.
_TAG = re.compile(r"<[^<>]+>")
_BREAK = re.compile(r"<\s*(?:br(?:\s*/)?|/p|/div|/li)\s*>", re.IGNORECASE)
_MENTION = re.compile(r"<at\b[^<>]*>([^<]*)</at>", re.IGNORECASE)


def clean_slack(text: str, users: Mapping[str, str] | None = None) -> str:
    """Slack's wire markup as a person reads it; `users` maps user IDs to names."""
    names = users or {}

    def link(match: re.Match[str]) -> str:
        kind, target, label = match.group(1), match.group(2), match.group(3)
        if kind == "@":
            return f"@{label or names.get(target, target)}"
        if kind == "#":
            return f"#{label or target}"
        if kind == "!":
            special = label or target.split("^")[0]
            return special if special.startswith("@") else f"@{special}"
        return f"[{label}]({target})" if label and label != target else target

    readable = _SLACK.sub(link, text)
    readable = _EMOJI.sub(lambda m: _COMMON_EMOJI.get(m.group(1), m.group(0)), readable)
    return html.unescape(readable)


def clean_html(text: str) -> str:
    """A Teams message body (HTML) as plain text, mentions kept as `@name`."""
    plain = _MENTION.sub(lambda m: f"@{m.group(1)}", text)
    plain = _BREAK.sub("\n", plain)
    plain = html.unescape(_TAG.sub("", plain))
    return "\n".join(line.strip() for line in plain.splitlines() if line.strip())
