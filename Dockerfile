# datadog-incidents-mcp as a shared streamable HTTP service (stateless, one port, no disk).
# Build:  docker build -t datadog-incidents-mcp:0.1.0 .
# Run:    docker run -p 8000:8000 -e MCP_HTTP_TOKEN -e DD_API_KEY -e DD_APP_KEY -e DD_SITE \
#           datadog-incidents-mcp:0.1.0
# The keys and the token come from the environment at run time; nothing secret is in the image.
# Needs BuildKit (Docker 23+ by default, or buildah/podman) for the RUN --mount below.

# Build stage: the project's wheel plus a wheel of every dependency, so the final stage
# installs offline from /wheels and keeps no build tooling or source tree.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# A fixed numeric UID, so Kubernetes' runAsNonRoot can verify it without a passwd lookup.
RUN useradd --no-log-init --system --uid 10001 --user-group --no-create-home \
        --shell /usr/sbin/nologin mcp
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels /wheels/datadog_incidents_mcp-*.whl
USER 10001:10001
EXPOSE 8000
# /healthz answers without calling Datadog and without the bearer token.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)"]
ENTRYPOINT ["datadog-incidents-mcp"]
# A non-loopback --host refuses to start without MCP_HTTP_TOKEN: set it (and DD_API_KEY,
# DD_APP_KEY, DD_SITE) with -e or an env file; or, for people to sign in as themselves,
# MCP_OAUTH_ISSUER and MCP_PUBLIC_URL instead of the token.
CMD ["--transport", "http", "--host", "0.0.0.0", "--port", "8000", "--stateless"]
