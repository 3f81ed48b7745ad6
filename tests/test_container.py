"""The production shape, checked without a Docker daemon (none on the development machines or in CI).

- docker-compose.yml against the Compose Specification's JSON Schema, vendored in
  tests/vendor/compose-spec/ (source: https://github.com/compose-spec/compose-spec,
  schema/compose-spec.json; Apache License 2.0, copy beside it), then our own invariants.
- The Dockerfile and .dockerignore, modelled by tests/buildcontext.py: the build context and the
  final image hold everything the app reads at run time, the web assets are built by npm in their
  own stage and copied in, and the app runs as a non-root user.

The check that every file the running app opens is in the image is
tests/service/test_container_runtime.py (it needs a real Redis).
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

from tests.buildcontext import (
    APP_ROOT,
    REPO,
    MissingVariable,
    Stage,
    build_context,
    build_stages,
    in_image,
    npm_run_outputs,
    project_stages,
    interpolate,
    is_excluded,
    parse_dockerignore,
    tracked_files,
)

COMPOSE_SCHEMA = REPO / "tests" / "vendor" / "compose-spec" / "compose-spec.json"
# What the app cannot run without in a multi-container deployment: a shared database, a shared
# broker and one signing key for every web process (each container would otherwise make its own).
REQUIRED_APP_ENV = ("TENDERLINT_DATABASE_URL", "TENDERLINT_REDIS_URL", "TENDERLINT_SECRET_KEY")
OPERATOR_ENV = {"TENDERLINT_SECRET_KEY": "0" * 64, "TENDERLINT_ADMIN_EMAIL": "ops@example.org"}
PYTHON_PACKAGES = ("tenderlint", "service", "worker")


# --- docker-compose.yml ---------------------------------------------------------------------


def compose(env: dict[str, str] | None = None) -> dict[str, Any]:
    raw = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    return interpolate(raw, OPERATOR_ENV if env is None else env)  # type: ignore[return-value]


def compose_errors(document: dict[str, Any]) -> list[str]:
    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(document)]


def app_services(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The services that run our image (built from this repository)."""
    return {name: service for name, service in document["services"].items() if "build" in service}


def test_compose_file_follows_the_compose_specification() -> None:
    assert compose_errors(compose()) == []


def test_the_schema_check_refuses_what_compose_would_refuse() -> None:
    """The vendored schema is strict enough to catch a typo and a wrong type."""
    misspelt = copy.deepcopy(compose())
    misspelt["services"]["web"]["helthcheck"] = misspelt["services"]["web"].pop("healthcheck")
    wrong_type = copy.deepcopy(compose())
    wrong_type["services"]["web"]["ports"] = "8000:8000"
    assert any("helthcheck" in error for error in compose_errors(misspelt))
    assert any("ports" in error for error in compose_errors(wrong_type))


def test_compose_refuses_to_start_without_a_secret_key() -> None:
    with pytest.raises(MissingVariable, match="TENDERLINT_SECRET_KEY"):
        compose({"TENDERLINT_ADMIN_EMAIL": "ops@example.org"})


def test_every_service_has_an_image_and_a_healthcheck() -> None:
    document = compose()
    for name, service in document["services"].items():
        assert service.get("image") or service.get("build"), f"{name} has neither image nor build"
        test = service.get("healthcheck", {}).get("test")
        assert test and test[0] in ("CMD", "CMD-SHELL"), f"{name} has no healthcheck"


def test_app_services_build_this_repository_with_its_dockerfile() -> None:
    services = app_services(compose())
    assert set(services) == {"web", "worker"}
    for name, service in services.items():
        build = service["build"]
        context = build if isinstance(build, str) else build.get("context", ".")
        dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
        assert (REPO / context / dockerfile).is_file(), f"{name} builds from a missing {dockerfile}"


def test_app_services_share_the_database_broker_and_key_they_need() -> None:
    document = compose()
    services = app_services(document)
    for name, service in services.items():
        missing = [key for key in REQUIRED_APP_ENV if not service.get("environment", {}).get(key)]
        assert missing == [], f"{name} does not set {missing}"
    for key in REQUIRED_APP_ENV:
        assert len({service["environment"][key] for service in services.values()}) == 1, f"{key} differs between services"
    env = services["web"]["environment"]
    database, broker = urlsplit(env["TENDERLINT_DATABASE_URL"]), urlsplit(env["TENDERLINT_REDIS_URL"])
    assert database.scheme == "postgresql+psycopg" and broker.scheme == "redis"
    for url, image in ((database, "postgres"), (broker, "redis")):
        assert url.hostname in document["services"], f"{url.hostname} is not a service"
        assert document["services"][url.hostname]["image"].startswith(image + ":")


def test_app_services_wait_for_healthy_dependencies() -> None:
    document = compose()
    for name, service in app_services(document).items():
        for dependency, rule in service["depends_on"].items():
            assert dependency in document["services"], f"{name} depends on unknown {dependency}"
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in document["services"][dependency]
        assert {"postgres", "redis"} <= set(service["depends_on"])


def test_only_the_web_port_is_published_and_it_is_the_one_the_web_server_binds() -> None:
    document = compose()
    published = {name: service["ports"] for name, service in document["services"].items() if service.get("ports")}
    assert list(published) == ["web"], "only the web app is reachable from outside"
    host_port, _, container_port = str(published["web"][0]).rpartition(":")
    bind = re.search(r"--port\s+(\d+)", document["services"]["web"]["command"])
    assert bind and bind[1] == container_port
    assert f"EXPOSE {container_port}" in (REPO / "Dockerfile").read_text(encoding="utf-8")
    probe = " ".join(document["services"]["web"]["healthcheck"]["test"])
    assert f"127.0.0.1:{container_port}/" in probe


def test_the_commands_compose_runs_exist_in_the_image() -> None:
    document = compose()
    files = final_stage().files
    web = document["services"]["web"]["command"]
    for module in re.findall(r"python -m ([\w.]+)|([\w.]+):app", web):
        name = (module[0] or module[1]).replace(".", "/")
        assert f"{APP_ROOT}/{name}.py" in files, f"{name} is not in the image"
    worker = document["services"]["worker"]["command"]
    assert worker[:2] == ["tenderlint", "worker"]
    assert 'worker = "worker.main:add_parser"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert f"{APP_ROOT}/worker/main.py" in files


# --- Dockerfile and .dockerignore ------------------------------------------------------------


def stages() -> tuple[Stage, ...]:
    return project_stages()


def final_stage() -> Stage:
    return project_stages()[-1]


def test_the_web_assets_are_built_by_npm_in_their_own_stage() -> None:
    assets = [stage for stage in stages()[:-1] if stage.base.startswith("node:")]
    assert len(assets) == 1, "one Node stage builds the web assets"
    runs = [i.args for i in assets[0].instructions if i.keyword == "RUN"]
    assert any("npm ci" in run for run in runs), "the lockfile pins the versions only with `npm ci`"
    assert any("npm run build" in run for run in runs), "the same build script as scripts/bootstrap"
    assert "npm run --silent build" in (REPO / "scripts" / "bootstrap").read_text(encoding="utf-8")


def test_the_final_image_serves_the_built_assets() -> None:
    """The files base.html links (vendor/tenderlint.css, vendor/govuk-frontend.min.js) come from the
    Node stage's build, not from a developer's checkout (vendor/ is git-ignored)."""
    base = (REPO / "service" / "templates" / "base.html").read_text(encoding="utf-8")
    linked = set(re.findall(r"filename='(vendor/[^']+)'", base))
    linked |= {"vendor/" + name for name in re.findall(r"assetPath \+ '/([^']+)'", base)}
    assert "vendor/tenderlint.css" in linked
    for name in linked | {"vendor/govuk-frontend.min.js"}:
        assert final_stage().files.get(f"{APP_ROOT}/service/static/{name}") == "run:npm run build", name


def test_the_final_image_has_no_node_and_runs_as_a_non_root_user() -> None:
    final = final_stage()
    assert final.base.startswith("python:")
    assert not any(path.startswith(f"{APP_ROOT}/node_modules") for path in final.files)
    user = final.last("USER")
    assert user is not None and user.args.split(":")[0] not in ("root", "0")
    later = [i for i in final.instructions if i.line > user.line and i.keyword in ("RUN", "USER")]
    assert later == [], "nothing after USER runs as anyone else"


def test_the_project_is_installed_after_its_sources_are_copied() -> None:
    final = final_stage()
    install = next(i for i in final.instructions if i.keyword == "RUN" and "pip install" in i.args)
    copied = {parse.sources for parse in final.copies() if parse.line < install.line}
    needed = {"pyproject.toml", "README.md", *PYTHON_PACKAGES, "rules"}
    assert needed <= {source for sources in copied for source in sources}


@pytest.mark.parametrize("folder", ["service/templates", "rules", "service/migrations", "service/static/js",
                                    "service/static/images", "service/static/src", *PYTHON_PACKAGES])
def test_what_the_app_reads_at_run_time_is_in_the_context_and_the_image(folder: str) -> None:
    context = build_context()
    tracked = [path for path in tracked_files() if path.startswith(folder + "/")]
    assert tracked, f"nothing tracked under {folder}"
    assert [path for path in tracked if path not in context] == [], f".dockerignore drops part of {folder}"
    assert [path for path in tracked if not in_image(path)] == [], f"the Dockerfile does not copy all of {folder}"


def test_package_data_and_install_files_are_in_the_image() -> None:
    for path in ("pyproject.toml", "README.md", "tenderlint/readiness/checklist.yaml",
                 "tenderlint/report/report.schema.json", "rules/schema.json", "rules/vocabulary.yaml",
                 "service/wsgi.py", "service/prepare.py", "service/migrations/env.py"):
        assert in_image(path), path


@pytest.mark.parametrize("path", [
    ".venv/lib/python3.11/site-packages/flask/app.py", "node_modules/govuk-frontend/package.json",
    ".git/HEAD", "instance/tenderlint.sqlite", "instance/secret_key", "service/__pycache__/db.cpython-311.pyc",
    "tenderlint/parse/__pycache__/pdf.cpython-311.pyc", "tenderlint.egg-info/PKG-INFO", ".pytest_cache/README.md",
    ".hypothesis/examples/x", "tests/core/test_cli.py", "benchmarks/out/x.json", "service/static/vendor/tenderlint.css",
    "uploads/ab/cd", "local.sqlite",
])
def test_caches_virtualenvs_secrets_and_tests_stay_out_of_the_context(path: str) -> None:
    assert is_excluded(path, parse_dockerignore((REPO / ".dockerignore").read_text(encoding="utf-8")))


def test_no_secret_or_cache_in_the_tracked_context() -> None:
    leaked = [p for p in build_context() if re.search(r"(^|/)(\.env|instance|__pycache__|node_modules)(/|$)|\.sqlite", p)]
    assert leaked == []


# --- the .dockerignore matcher itself ---------------------------------------------------------


@pytest.mark.parametrize(("patterns", "path", "excluded"), [
    ("tests", "tests/core/test_cli.py", True),              # a folder takes everything under it
    ("tests", "service/tests/x.py", False),                 # patterns are anchored at the context root
    ("**/__pycache__", "a/b/__pycache__/c.pyc", True),
    ("**/__pycache__", "__pycache__/c.pyc", True),          # ** matches zero folders too
    ("*.md", "docs/api.md", False),                         # * does not cross a slash
    ("*.md\n!README.md", "README.md", False),               # an exception re-includes
    ("!README.md\n*.md", "README.md", True),                # the last matching line wins
    ("docs\n!docs/keep.md", "docs/keep.md", False),
    ("/build", "build/x", True),                            # a leading slash is the root
    ("b?ild", "build", True),
    ("[a-c]at", "bat", True),
    ("[^a-c]at", "bat", False),
])
def test_dockerignore_matching_follows_docker(patterns: str, path: str, excluded: bool) -> None:
    assert is_excluded(path, parse_dockerignore(patterns)) is excluded


def test_a_copy_of_a_missing_source_is_an_error() -> None:
    with pytest.raises(ValueError, match="matches nothing"):
        build_stages("FROM python:3.11-slim\nWORKDIR /app\nCOPY missing ./missing\n", {"service/a.py"}, npm_run_outputs)


def test_copy_destinations_follow_docker() -> None:
    dockerfile = ("FROM node:20 AS a\nWORKDIR /b\nCOPY x.txt ./\nCOPY d ./e\n"
                  "FROM python:3.11\nWORKDIR /app\nCOPY --from=a /b/e ./f\nCOPY [\"x.txt\", \"y.txt\"]\n")
    final = build_stages(dockerfile, {"x.txt", "d/1", "d/2/3"}, npm_run_outputs)[-1]
    assert final.files == {"/app/f/1": "context:d/1", "/app/f/2/3": "context:d/2/3", "/app/y.txt": "context:x.txt"}
