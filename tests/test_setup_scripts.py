"""The README's two fresh-machine commands, `bash scripts/run.sh` and `bash scripts/test.sh`, on a machine like
stock Debian 12: python3 but no `python` command, and a pip that installs only inside a virtualenv.

The real scripts run in a scratch copy of the repository with stand-ins on PATH for python3 (its `-m venv` makes a
stand-in .venv/bin/python that records what it is asked to do), chromium and chromedriver, and for `python` and
apt-get, which must never be called. The real installs are proved by `.ci/run`; these tests prove the logic
cheaply: one .venv, made with python3, installed once and again only when pyproject.toml changes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

STUB_PYTHON3 = """#!/bin/bash
echo "python3 $*" >>"$SC_STUB_LOG"
if [ "$1" = -m ] && [ "$2" = venv ]; then
  mkdir -p "$3/bin" && cp "$SC_STUB_DIR/venv-python" "$3/bin/python" && exit 0
fi
exec {real} "$@"
"""
# What the scripts run inside .venv: pip, the dashboard, ruff and pytest only say they were called.
STUB_VENV_PYTHON = """#!/bin/bash
case "$1 $2" in
  "-m dashboard") echo "venv $* [HOST=${{HOST:-}} PORT=${{PORT:-}}]" >>"$SC_STUB_LOG" && exit 0 ;;
  "-m pip" | "-m ruff" | "-m pytest") echo "venv $*" >>"$SC_STUB_LOG" && exit 0 ;;
esac
exec {real} "$@"
"""
STUB_FORBIDDEN = """#!/bin/bash
echo "FORBIDDEN $(basename "$0") $*" >>"$SC_STUB_LOG"
exit 127
"""
STUB_PRESENT = "#!/bin/bash\nexit 0\n"


class Checkout:
    """A scratch copy of scripts/ and pyproject.toml, and a PATH of stand-ins (see the module docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = root / "repo"
        shutil.copytree(REPO_ROOT / "scripts", self.root / "scripts")
        shutil.copy(REPO_ROOT / "pyproject.toml", self.root)
        self.bin = root / "bin"
        self.bin.mkdir()
        self.log = root / "calls.log"
        self.log.touch()
        stubs = {
            "python3": STUB_PYTHON3.format(real=sys.executable),
            "venv-python": STUB_VENV_PYTHON.format(real=sys.executable),
            "python": STUB_FORBIDDEN,
            "apt-get": STUB_FORBIDDEN,
            "sudo": STUB_FORBIDDEN,
            "chromium": STUB_PRESENT,
            "chromedriver": STUB_PRESENT,
        }
        for name, text in stubs.items():
            (self.bin / name).write_text(text)
            (self.bin / name).chmod(0o755)

    def run(self, script: str, *args: str, **env: str) -> list[str]:
        """Run `bash scripts/<script> args…`; return the modules it ran with python3 and .venv/bin/python."""
        start = len(self.log.read_text().splitlines())
        full_env = {
            "PATH": f"{self.bin}:/usr/bin:/bin",
            "HOME": str(self.root.parent),
            "PIP_REQUIRE_VIRTUALENV": "true",
            "SC_STUB_LOG": str(self.log),
            "SC_STUB_DIR": str(self.bin),
            **env,
        }
        proc = subprocess.run(
            [shutil.which("bash") or "/bin/bash", f"scripts/{script}", *args],
            cwd=self.root,
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        calls = self.log.read_text().splitlines()[start:]
        assert not [c for c in calls if c.startswith("FORBIDDEN")], (calls, proc.stderr)
        assert proc.returncode == 0, proc.stderr
        return [c for c in calls if " -m " in c and not c.endswith("--version")]  # not the probes


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    return Checkout(tmp_path)


def test_run_sh_makes_one_venv_with_python3_installs_the_project_and_serves_from_it(checkout: Checkout) -> None:
    calls = checkout.run("run.sh", HOST="127.0.0.2", PORT="8123")
    assert calls == [
        "python3 -m venv .venv",
        "venv -m pip install -q -e .",
        "venv -m dashboard [HOST=127.0.0.2 PORT=8123]",
    ]
    stamp = (checkout.root / ".venv" / "sc-rollout.stamp").read_text()
    assert f"root {checkout.root}\n" in stamp and "\nextras \n" in stamp


def test_a_second_start_of_run_sh_installs_nothing(checkout: Checkout) -> None:
    checkout.run("run.sh")
    assert checkout.run("run.sh") == ["venv -m dashboard [HOST= PORT=]"]


def test_test_sh_adds_the_test_extras_to_the_same_venv_then_runs_ruff_and_pytest_with_its_arguments(
    checkout: Checkout,
) -> None:
    checkout.run("run.sh")
    assert checkout.run("test.sh", "-k", "viewstate") == [
        "venv -m pip install -q -e .[test]",
        "venv -m ruff check .",
        "venv -m pytest -k viewstate",
    ]
    assert checkout.run("test.sh") == ["venv -m ruff check .", "venv -m pytest"]
    assert checkout.run("run.sh") == ["venv -m dashboard [HOST= PORT=]"]  # the test extras include the app's


def test_a_changed_pyproject_reinstalls_with_the_extras_installed_before(checkout: Checkout) -> None:
    checkout.run("test.sh")
    with (checkout.root / "pyproject.toml").open("a") as fh:
        fh.write("# a change\n")
    assert checkout.run("run.sh")[:1] == ["venv -m pip install -q -e ."]
    assert checkout.run("test.sh")[:1] == ["venv -m pip install -q -e .[test]"]


def test_a_venv_made_for_another_checkout_is_made_anew(checkout: Checkout) -> None:
    checkout.run("run.sh")
    moved = checkout.root.with_name("moved")
    checkout.root.rename(moved)
    checkout.root = moved
    assert checkout.run("run.sh")[:2] == ["python3 -m venv .venv", "venv -m pip install -q -e ."]


def test_an_interrupted_install_is_finished_on_the_next_start(checkout: Checkout) -> None:
    checkout.run("run.sh")
    (checkout.root / ".venv" / "sc-rollout.stamp").unlink()  # as pip leaves it when stopped half-way
    assert checkout.run("run.sh") == ["venv -m pip install -q -e .", "venv -m dashboard [HOST= PORT=]"]


# ---------------------------------------------------------------------------------------------------------
# Every command the README and the scripts give works where there is no `python`

BARE_PYTHON = re.compile(r"(?<![\w/.-])python(?![\w.-])")  # the word alone: not python3, .venv/bin/python
DOCS = ["README.md", "bench/README.md"]


def _markdown_code(text: str) -> list[str]:
    """Inline code spans and the lines of indented or fenced code blocks."""
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    indented = re.findall(r"^(?: {4}|\t)(.+)$", text, flags=re.M)
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", text, flags=re.S | re.M))
    return [line for block in fenced for line in block.splitlines()] + indented + spans


def _shell_code(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.lstrip().startswith("#")]


@pytest.mark.parametrize("doc", DOCS)
def test_no_readme_command_calls_a_bare_python(doc: str) -> None:
    code = _markdown_code((REPO_ROOT / doc).read_text())
    assert code, f"{doc} shows no command at all"
    assert [c for c in code if BARE_PYTHON.search(c)] == []


@pytest.mark.parametrize("script", sorted(p.name for p in (REPO_ROOT / "scripts").glob("*.sh")))
def test_no_script_calls_a_bare_python(script: str) -> None:
    code = _shell_code((REPO_ROOT / "scripts" / script).read_text())
    assert [line for line in code if BARE_PYTHON.search(line)] == []


def test_readme_says_where_the_environment_lives_and_how_to_set_the_address() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    assert "`.venv`" in readme
    assert "`HOST`" in readme and "`PORT`" in readme


def test_the_bare_python_check_catches_what_the_old_readme_said() -> None:
    old = "| rebuild | `python -m etl build --raw ../shared/data` |\n\n    python -m pip install -e .\n"
    assert len([c for c in _markdown_code(old) if BARE_PYTHON.search(c)]) == 2
    assert not BARE_PYTHON.search("`.venv/bin/python -m etl check` and python3 -m venv .venv")


def test_ci_runs_the_readme_commands_where_python_is_missing_and_data_is_required() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    assert "bash scripts/run.sh" in ci and "bash scripts/test.sh" in ci
    assert "PIP_REQUIRE_VIRTUALENV=true" in ci and "SC_REQUIRE_DATA=1" in ci
    assert os.access(REPO_ROOT / ".ci" / "run", os.X_OK)
