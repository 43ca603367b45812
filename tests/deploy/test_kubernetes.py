"""deploy/kubernetes/ is valid for the Kubernetes versions we claim, locked down, and wired up.

Validation is offline, against the OpenAPI schemas the kubernetes-validate package ships, in
strict mode so a misspelt field (which the API server would silently drop) fails.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from datadog_incidents_mcp import __version__

FOLDER = Path(__file__).parents[2] / "deploy" / "kubernetes"
# The oldest minor we support and the newest the schemas cover.
VERSIONS = ["1.30.0", "1.37.0"]


def _resources() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(FOLDER.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            found[document["kind"]] = document
    return found


RESOURCES = _resources()
DEPLOYMENT = RESOURCES["Deployment"]
POD = DEPLOYMENT["spec"]["template"]
(CONTAINER,) = POD["spec"]["containers"]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", sorted(RESOURCES))
def test_each_manifest_is_valid_in_strict_mode(kind: str, version: str) -> None:
    kubernetes_validate.validate(RESOURCES[kind], version, strict=True)


def test_the_folder_holds_the_whole_kit_on_stable_apis() -> None:
    assert {kind: r["apiVersion"] for kind, r in RESOURCES.items()} == {
        "Deployment": "apps/v1",
        "Service": "v1",
        "HorizontalPodAutoscaler": "autoscaling/v2",
        "PodDisruptionBudget": "policy/v1",
    }


def test_the_pods_run_locked_down() -> None:
    pod = POD["spec"]["securityContext"]
    container = CONTAINER["securityContext"]
    assert pod["runAsNonRoot"] and pod["runAsUser"] > 0
    assert pod["seccompProfile"] == {"type": "RuntimeDefault"}
    assert container["runAsNonRoot"] is True
    assert container["readOnlyRootFilesystem"] is True
    assert container["allowPrivilegeEscalation"] is False
    assert container["capabilities"] == {"drop": ["ALL"]}
    assert POD["spec"]["automountServiceAccountToken"] is False
    limits, requests = CONTAINER["resources"]["limits"], CONTAINER["resources"]["requests"]
    assert set(limits) == set(requests) == {"cpu", "memory"}


def test_probes_use_the_health_endpoints_on_the_served_port() -> None:
    (port,) = CONTAINER["ports"]
    arguments = CONTAINER["args"]
    assert arguments[arguments.index("--port") + 1] == str(port["containerPort"])
    assert "--stateless" in arguments and arguments[arguments.index("--host") + 1] == "0.0.0.0"
    paths = {
        probe: (CONTAINER[probe]["httpGet"]["path"], CONTAINER[probe]["httpGet"]["port"])
        for probe in ("livenessProbe", "readinessProbe", "startupProbe")
    }
    assert paths == {
        "livenessProbe": ("/healthz", port["name"]),
        "readinessProbe": ("/readyz", port["name"]),
        "startupProbe": ("/healthz", port["name"]),
    }


def test_keys_and_token_come_from_a_secret_never_from_the_manifest() -> None:
    env = {variable["name"]: variable for variable in CONTAINER["env"]}
    for name in ("DD_API_KEY", "DD_APP_KEY", "MCP_HTTP_TOKEN", "MCP_REQUEST_STATE_KEY"):
        assert "value" not in env[name]
        assert env[name]["valueFrom"]["secretKeyRef"] == {
            "name": "datadog-incidents-mcp",
            "key": name,
        }
    assert env["DD_SITE"]["value"] == "datadoghq.com"


def test_the_secret_command_in_the_comment_creates_every_key_the_pods_read() -> None:
    """A Secret made by copying the comment must start the pods: a key it lacks leaves them
    in CreateContainerConfigError."""
    comment = (FOLDER / "deployment.yaml").read_text().split("\napiVersion:")[0]
    created = set(re.findall(r"--from-literal=([A-Z_]+)=", comment))
    read = {
        variable["valueFrom"]["secretKeyRef"]["key"]
        for variable in CONTAINER["env"]
        if "secretKeyRef" in variable.get("valueFrom", {})
    }
    assert read == created


def test_service_budget_and_autoscaler_select_the_deployments_pods() -> None:
    labels = POD["metadata"]["labels"]
    for selector in (
        DEPLOYMENT["spec"]["selector"]["matchLabels"],
        RESOURCES["Service"]["spec"]["selector"],
        RESOURCES["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"],
    ):
        assert selector.items() <= labels.items()
    (port,) = RESOURCES["Service"]["spec"]["ports"]
    assert port["targetPort"] == CONTAINER["ports"][0]["name"]
    autoscaler = RESOURCES["HorizontalPodAutoscaler"]["spec"]
    assert autoscaler["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": DEPLOYMENT["metadata"]["name"],
    }
    assert autoscaler["minReplicas"] == DEPLOYMENT["spec"]["replicas"] == 3
    assert RESOURCES["PodDisruptionBudget"]["spec"]["maxUnavailable"] == 1


def test_the_image_tag_is_the_package_version() -> None:
    assert CONTAINER["image"] == f"datadog-incidents-mcp:{__version__}"
