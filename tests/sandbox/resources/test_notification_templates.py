"""Notification templates in the sandbox: a PATCH merges and checks its attributes."""

from __future__ import annotations

import httpx2
import pytest

from tests.sandbox.conftest import C, body

pytestmark = pytest.mark.anyio


async def test_patch_merges_and_checks_types(http: httpx2.AsyncClient) -> None:
    template = {"name": "n", "subject": "s", "content": "c", "category": "alert"}
    made = await http.post(
        f"{C}/notification-templates", json=body("notification_templates", template)
    )
    template_id = made.json()["data"]["id"]
    one = f"{C}/notification-templates/{template_id}"
    patched = await http.patch(one, json=body("notification_templates", {"subject": "new"}))
    assert patched.json()["data"]["attributes"] | {"modified": None, "created": None} == {
        **template,
        "subject": "new",
        "modified": None,
        "created": None,
    }
    wrong = await http.patch(one, json=body("notification_templates", {"subject": 7}))
    assert wrong.status_code == 400 and "subject must be a valid string" in wrong.text
    other = await http.patch(one, json=body("notification_templates", {}, id="another-id"))
    assert other.status_code == 400 and "does not match" in other.text
