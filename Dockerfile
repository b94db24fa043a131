# syntax=docker/dockerfile:1
#
# One image per service, selected by the SERVICE build argument:
#
#   docker build --build-arg SERVICE=plan-service -t helhet/plan-service .
#
# SERVICE is the workspace member's name: plan-service, placement-service,
# volunteer-service or reporting-service. The image's entrypoint is that service's
# console script, so the container command is its subcommand: api, relay,
# consume, migrate or seed (see docs/operations.md).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------------------
# build: resolve the locked dependencies of one service into /app/.venv
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS build

ARG SERVICE
# uv comes from PyPI through pip; keep it at (or above) the version that wrote uv.lock.
ARG UV_VERSION=0.13.9

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_CACHE_DIR=/opt/uv-cache

RUN if [ -z "${SERVICE}" ]; then \
        echo "the build argument SERVICE is required, e.g. --build-arg SERVICE=plan-service" >&2; \
        exit 1; \
    fi

RUN pip install "uv==${UV_VERSION}"

WORKDIR /app

# 1. Third-party dependencies only. uv needs every workspace member's manifest to read
#    the workspace, but none of their sources: this layer is rebuilt only when uv.lock
#    or a pyproject.toml changes.
COPY pyproject.toml uv.lock ./
COPY libs/common/pyproject.toml libs/common/pyproject.toml
COPY services/plan-service/pyproject.toml services/plan-service/pyproject.toml
COPY services/placement-service/pyproject.toml services/placement-service/pyproject.toml
COPY services/volunteer-service/pyproject.toml services/volunteer-service/pyproject.toml
COPY services/reporting-service/pyproject.toml services/reporting-service/pyproject.toml
COPY adapters/visma-flyktning/pyproject.toml adapters/visma-flyktning/pyproject.toml
RUN test -f "services/${SERVICE}/pyproject.toml" \
    || { echo "unknown SERVICE '${SERVICE}'" >&2; exit 1; }
RUN --mount=type=cache,target=/opt/uv-cache \
    uv sync --frozen --no-dev --no-install-workspace --package "${SERVICE}"

# 2. The shared library and the selected service (with its alembic.ini and migrations/).
#    The workspace packages stay installed from /app, so the service finds its Alembic
#    files next to its sources; the runtime image keeps the same paths.
COPY libs/common libs/common
COPY services/${SERVICE} services/${SERVICE}
RUN --mount=type=cache,target=/opt/uv-cache \
    uv sync --frozen --no-dev --package "${SERVICE}" \
    && /app/.venv/bin/python -m compileall -q libs/common/src "services/${SERVICE}/src"

# ---------------------------------------------------------------------------
# runtime: the interpreter, the virtual environment and the service, nothing else
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ARG SERVICE

LABEL org.opencontainers.image.title="helhet-${SERVICE}" \
      org.opencontainers.image.description="Helhet ${SERVICE}"

# tini reaps children and forwards SIGTERM to the service (PID 1 ignores signals it
# has no handler for), so `docker stop` and pod termination shut the process down cleanly.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 helhet \
    && useradd --system --uid 10001 --gid helhet --no-create-home \
       --home-dir /tmp/helhet --shell /usr/sbin/nologin helhet

# Owned by root and read-only to the service user: the container's root file system
# can be mounted read-only. Only HELHET_HOME (under /tmp) is written at run time.
COPY --from=build /app /app

ENV PATH="/app/.venv/bin:${PATH}" \
    VIRTUAL_ENV=/app/.venv \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HELHET_HOME=/tmp/helhet \
    HELHET_SERVICE=${SERVICE}

# A fixed name for the entrypoint, whichever service this image carries; the script
# keeps its own name too (e.g. `plan-service` on PATH).
RUN ln -s "/app/.venv/bin/${SERVICE}" /usr/local/bin/helhet-service

WORKDIR /app/services/${SERVICE}
USER 10001:10001

# Smoke test as the service user: the script starts and its CLI parses.
RUN /usr/local/bin/helhet-service --help > /dev/null

ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/helhet-service"]
CMD ["api"]
