"""Every file the running app opens lies inside what the Dockerfile copies (issue #14 item 1).

tests/runtime_opens.py runs the web app and the worker's job code in a fresh process under an
audit hook (sign-in, upload, lint, every page kind, the static files those pages link) and lists
each file it opened and each folder it listed; each project file among them must be in the image
modelled from the Dockerfile and .dockerignore (tests/buildcontext.py). Installed packages
(site-packages) are the image's `pip install`, not copied files, and are left out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.buildcontext import APP_ROOT, REPO, project_stages

from .conftest import RedisServer

SAMPLE = REPO / "samples" / "council-parking-sensors-itt.md"
# Read by the harness, not the app: the recorder (tests/), the uploaded sample, the virtualenv
# (the image's `pip install` makes its own site-packages).
HARNESS = ("tests", "samples", ".venv", "venv")


def project_path(raw: str) -> str | None:
    """The repository-relative path of a file the app read, or None for anything else (installed
    packages, the instance folder, system files). Compiled bytecode stands for its source."""
    path = Path(raw) if os.path.isabs(raw) else REPO / raw
    if not path.exists():
        return None  # not a file: e.g. the editable install's import hook, named like a path
    try:
        relative = path.resolve().relative_to(REPO)
    except ValueError:
        return None
    if not relative.parts or relative.parts[0] in HARNESS:
        return None
    if "__pycache__" in relative.parts:
        return str(relative.parent.parent / (relative.name.split(".")[0] + ".py"))
    return str(relative)


def test_every_file_the_running_app_reads_is_in_the_image(tmp_path: Path, redis_server: RedisServer) -> None:
    env = {**os.environ,
           "TENDERLINT_DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite'}",
           "TENDERLINT_REDIS_URL": redis_server.url,
           "TENDERLINT_INSTANCE_DIR": str(tmp_path / "instance"),
           "TENDERLINT_SECURE_COOKIES": "0"}
    out = tmp_path / "opens.json"
    subprocess.run([sys.executable, "-m", "tests.runtime_opens", str(out), str(SAMPLE)], cwd=REPO, env=env, check=True)
    seen = json.loads(out.read_text())

    final = project_stages()[-1]
    installed_by_pip = any(i.keyword == "RUN" and "pip install -e" in i.args for i in final.instructions)
    opened = {p for p in map(project_path, seen["opened"]) if p}
    listed = {p for p in map(project_path, seen["listed"]) if p}
    # `pip install -e` writes the package's metadata (entry points) beside the sources in the image.
    made_by_pip = {p for p in opened if p.split("/")[0].endswith(".egg-info")} if installed_by_pip else set()

    missing = sorted(p for p in opened - made_by_pip if f"{APP_ROOT}/{p}" not in final.files)
    unlisted = sorted(d for d in listed if not any(f.startswith(f"{APP_ROOT}/{d}/") for f in final.files))
    assert missing == [] and unlisted == [], f"read at run time but not in the image: {missing + unlisted}"
    assert seen["broken_links"] == [], "pages link static files the app does not serve"
    # The recording saw each kind of run-time file, so an empty `missing` means something.
    for prefix in ("service/templates/", "rules/", "service/migrations/versions/", "service/static/vendor/",
                   "service/static/js/", "tenderlint/", "worker/"):
        assert any(p.startswith(prefix) for p in opened), f"nothing under {prefix} was read"
