# ruff: noqa: E501 - one line per sample keeps the table readable
"""Corpus samples the reader gets wrong today, each with the issue-28 family that trips it.

The marks are strict: once a family is fixed its samples pass, the xfail fails, and the entry
must go. Families are numbered as in issue 28 (1 JSON exports ... 9 nothing collapses).
"""

from __future__ import annotations

# The events read through the prompt differ from the expected reading.
MISREAD: dict[str, str] = {
    "pub_gitlab_2017_01_31.md": "7: 'Update 6:14pm UTC' above the timeline was posted the day after (1 February); a bare clock takes the day nearest the incident",
    "pub_pypi_2022_04_05.txt": "5: the status page's footer after the last update ('This incident affected: ...') is read as an untimed event",
    "pub_section_2021_05_11.txt": "2: 'Affected components', a sentence-case heading with nothing under it (the page's component list is empty), is read as an untimed event: a heading is known by its capitals or a section's words only",
    "pub_slack_status_2021_01_04.txt": "3: 'Issue summary:' under the untimed title is an untimed event of its own, not the title's text (lines before the first time stand alone)",
}

# Lines the reader leaves out, or lists as events where the reading has context.
UNPLACED: dict[str, str] = {
    "pub_pypi_2022_04_05.txt": "5: the status page's footer after the last update is listed as an event, not context",
    "pub_section_2021_05_11.txt": "2: the sentence-case heading 'Affected components' is listed as an event, not context",
}
