"""What a `docker build` of this repository would put in the image, worked out without a daemon.

There is no Docker daemon on the development machines or in CI, so the image is modelled: the
build context is the tracked files minus `.dockerignore` (Docker's own matching rules: Go
`filepath.Match` patterns, `**` for any number of folders, `!` exceptions, the last matching
pattern wins, and a pattern that matches a folder takes everything under it), and each stage of
the Dockerfile is a map from image path to where the file came from, filled by its COPY/ADD lines
(from the context or from an earlier stage) and by the RUN steps whose outputs we can name.
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
APP_ROOT = "/app"  # the final stage's WORKDIR, where the project is installed in place


# --- .dockerignore ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IgnoreRule:
    pattern: str
    exception: bool
    regex: re.Pattern[str]


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Docker's pattern syntax as a regular expression over slash-separated relative paths."""
    out, i = "", 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):  # "**/" : zero or more whole folders
                out += "(?:.*/)?"
                i += 1
            else:
                out += ".*"
            continue
        if char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                raise ValueError(f"unclosed '[' in .dockerignore pattern {pattern!r}")
            body = pattern[i + 1:end]
            out += "[" + ("^" + body[1:] if body.startswith("^") else body) + "]"
            i = end
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            out += re.escape(pattern[i])
        else:
            out += re.escape(char)
        i += 1
    return re.compile(out + r"\Z")


def parse_dockerignore(text: str) -> list[IgnoreRule]:
    """The rules in file order; comments and blank lines dropped, paths cleaned as Docker does."""
    rules = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        pattern = posixpath.normpath(line[1:].strip() if exception else line).lstrip("/")
        rules.append(IgnoreRule(pattern, exception, _glob_regex(pattern)))
    return rules


def is_excluded(path: str, rules: list[IgnoreRule]) -> bool:
    """True when `path` (relative, slash-separated) is left out of the build context."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    excluded = False
    for rule in rules:
        if any(rule.regex.match(prefix) for prefix in prefixes):
            excluded = not rule.exception
    return excluded


def tracked_files(repo: Path = REPO) -> list[str]:
    """The project's files in this working tree: tracked ones (what a fresh clone holds) and new ones
    not yet committed, which `docker build .` would send too. Git-ignored files (virtualenvs,
    node_modules, instance data, built assets) are left out; .dockerignore must keep them out too,
    which test_container.py checks separately."""
    command = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    out = subprocess.run(command, cwd=repo, check=True, capture_output=True).stdout
    return [name for name in out.decode().split("\0") if name and (repo / name).exists()]


def build_context(repo: Path = REPO) -> set[str]:
    rules = parse_dockerignore((repo / ".dockerignore").read_text(encoding="utf-8"))
    return {name for name in tracked_files(repo) if not is_excluded(name, rules)}


# --- Dockerfile ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str
    line: int


@dataclass(frozen=True)
class Copy:
    sources: tuple[str, ...]
    dest: str
    from_stage: str | None
    keyword: str
    line: int


def parse_dockerfile(text: str) -> list[Instruction]:
    """Instructions with continuation lines joined and comments dropped."""
    instructions: list[Instruction] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # comment lines inside a continued instruction are dropped
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = pending + stripped
        pending = ""
        keyword, _, args = whole.partition(" ")
        instructions.append(Instruction(keyword.upper(), args.strip(), start))
    if pending:
        raise ValueError("the Dockerfile ends inside a continued line")
    return instructions


def parse_copy(instruction: Instruction) -> Copy:
    """COPY/ADD in shell or JSON form, with --from (and other flags, which are ignored)."""
    words = shlex.split(instruction.args)
    flags = [w for w in words if w.startswith("--")]
    rest = [w for w in words if not w.startswith("--")]
    if instruction.args.lstrip().startswith("["):
        rest = json.loads(instruction.args[instruction.args.index("["):])
    if len(rest) < 2:
        raise ValueError(f"line {instruction.line}: {instruction.keyword} needs a source and a destination")
    from_stage = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
    return Copy(tuple(rest[:-1]), rest[-1], from_stage, instruction.keyword, instruction.line)


@dataclass
class Stage:
    """One FROM ... [AS name] section and the project files it holds, by absolute image path."""

    name: str
    base: str
    instructions: list[Instruction] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # image path -> origin ("context:x", "stage:path", "run:...")

    def copies(self) -> list[Copy]:
        return [parse_copy(i) for i in self.instructions if i.keyword in ("COPY", "ADD")]

    def last(self, keyword: str) -> Instruction | None:
        return next((i for i in reversed(self.instructions) if i.keyword == keyword), None)


# (RUN command, workdir, the stage's files so far) -> {image path: origin} of what the step writes
RunOutputs = Callable[[str, str, dict[str, str]], dict[str, str]]


def _select(source: str, available: set[str]) -> list[tuple[str, str]]:
    """(path, path relative to what the source names) for each available file the source takes."""
    source = posixpath.normpath(source)
    if source in ("", "."):
        return [(path, path) for path in available]
    if any(ch in source for ch in "*?["):
        pattern = _glob_regex(source)
        return [(p, posixpath.basename(p)) for p in available if pattern.match(p)]
    if source in available:
        return [(source, posixpath.basename(source))]
    prefix = source.rstrip("/") + "/"
    return [(p, p[len(prefix):]) for p in available if p.startswith(prefix)]


def build_stages(dockerfile: str, context: set[str], run_outputs: RunOutputs) -> list[Stage]:
    """Every stage with the files it ends up holding; a COPY that takes nothing is an error,
    as it is for `docker build`."""
    stages: list[Stage] = []
    workdir = "/"
    for instruction in parse_dockerfile(dockerfile):
        if instruction.keyword == "FROM":
            words = instruction.args.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(name, words[0]))
            workdir = "/"
            continue
        if not stages:
            continue  # ARG before the first FROM
        stage = stages[-1]
        stage.instructions.append(instruction)
        if instruction.keyword == "WORKDIR":
            workdir = posixpath.join(workdir, instruction.args)
        elif instruction.keyword in ("COPY", "ADD"):
            copy = parse_copy(instruction)
            if copy.from_stage is None:
                origin, origins = "context", {path: f"context:{path}" for path in context}
            else:
                donor = next((s for s in stages[:-1] if s.name == copy.from_stage), None)
                if donor is None:
                    raise ValueError(f"line {copy.line}: COPY --from={copy.from_stage} names no earlier stage")
                origin, origins = f"stage {donor.name}", donor.files
            dest = posixpath.join(workdir, copy.dest)
            for source in copy.sources:
                chosen = _select(source, set(origins))
                if not chosen:
                    raise ValueError(f"line {copy.line}: {copy.keyword} {source} matches nothing in the {origin}")
                into_folder = copy.dest.endswith("/") or len(copy.sources) > 1 or len(chosen) > 1 or chosen[0][1] != posixpath.basename(source)
                for path, relative in chosen:
                    target = posixpath.join(dest, relative) if into_folder else dest
                    stage.files[posixpath.normpath(target)] = origins[path]
        elif instruction.keyword == "RUN":
            stage.files.update(run_outputs(instruction.args, workdir, stage.files))
    return stages


def npm_run_outputs(command: str, workdir: str, files: dict[str, str]) -> dict[str, str]:
    """What a RUN step writes, for the steps the image depends on: `npm ci` needs the lockfile
    and gives node_modules; `npm run build` runs package.json's build script, whose `sass IN OUT`
    and `cp FILE DIR/` read inputs that must already be in the stage."""
    def there(path: str) -> bool:
        full = posixpath.normpath(posixpath.join(workdir, path))
        return full in files or path.startswith("node_modules/") and f"{workdir}/node_modules" in files

    outputs: dict[str, str] = {}
    if "npm ci" in command:
        for name in ("package.json", "package-lock.json"):
            assert there(name), f"`npm ci` runs before {name} is copied in"
        outputs[f"{workdir}/node_modules"] = "run:npm ci"
    if "npm run build" in command:
        assert "run:npm ci" in files.values(), "`npm run build` runs before `npm ci`"
        script = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["scripts"]["build"]
        for step in script.split("&&"):
            words = [w for w in shlex.split(step) if not w.startswith("-")]  # options: --style=..., -R
            sources, target = words[1:-1], words[-1]
            for source in sources:
                assert there(source), f"the asset build reads {source}, which is not copied into its stage"
            targets = [posixpath.join(target, posixpath.basename(s)) for s in sources] if target.endswith("/") else [target]
            for path in targets:
                outputs[posixpath.normpath(posixpath.join(workdir, path))] = "run:npm run build"
    return outputs


@cache
def project_stages() -> tuple[Stage, ...]:
    """This repository's Dockerfile, stage by stage, over its build context."""
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    return tuple(build_stages(dockerfile, build_context(), npm_run_outputs))


def in_image(path: str) -> bool:
    """Whether the project file `path` (relative to the repository) is in the final image."""
    return f"{APP_ROOT}/{path}" in project_stages()[-1].files


# --- docker-compose.yml interpolation -------------------------------------------------------

_VARIABLE = re.compile(r"\$(?:(?P<escaped>\$)|\{(?P<braced>[^}]*)\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")
_BRACED = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>.*))?\Z", re.S)


class MissingVariable(ValueError):
    """A `${NAME:?message}` variable that the environment does not give (Compose refuses to start)."""


def interpolate(value: object, env: dict[str, str]) -> object:
    """Compose's variable substitution, applied to every string in a loaded compose file."""
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        if match["bare"]:
            return env.get(match["bare"], "")
        braced = _BRACED.match(match["braced"])
        if braced is None:
            raise ValueError(f"invalid interpolation ${{{match['braced']}}}")
        name, op, arg = braced["name"], braced["op"], braced["arg"] or ""
        given = env.get(name)
        unset_or_empty = not given if op and op.startswith(":") else given is None
        if op in ("-", ":-"):
            return str(interpolate(arg, env)) if unset_or_empty else str(given)
        if op in ("?", ":?"):
            if unset_or_empty:
                raise MissingVariable(f"{name}: {arg}")
            return str(given)
        if op in ("+", ":+"):
            return "" if unset_or_empty else str(interpolate(arg, env))
        return given or ""

    return _VARIABLE.sub(replace, value)
