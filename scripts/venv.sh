# shellcheck shell=bash
# Sourced by scripts/run.sh and scripts/test.sh, from the repository root. Keeps ONE project virtualenv in .venv:
# made with `python3 -m venv` (a fresh Debian has python3 but no `python` command, and its pip refuses to install
# outside a virtualenv, PEP 668), with the project installed editable. A stamp in .venv records the sha256 of
# pyproject.toml, the checkout it was installed from and the extras installed; pip runs again only when one of
# them changes, so a restart costs no reinstall. To start over: rm -rf .venv

SC_VENV=.venv
SC_VENV_PY=$SC_VENV/bin/python
SC_VENV_STAMP=$SC_VENV/sc-rollout.stamp

# python3 with its venv module (Debian ships ensurepip in python3-venv, which a stock install lacks).
sc_need_python3() {
  if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      echo "Installing Debian's python3 and python3-venv ..." >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
    else
      echo "error: need python3 with its venv module: sudo apt-get install python3 python3-venv" >&2
      return 1
    fi
  fi
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "error: need Python 3.11 or newer; python3 is $(python3 -V 2>&1)" >&2
    return 1
  fi
}

# sc_venv [EXTRA]: make sure .venv holds the project, plus EXTRA (e.g. test) when given.
sc_venv() {
  local extra=${1:-} digest key value extras spec why=''
  local installed_from='' installed_digest='' installed_extras=''
  local -a extras_list
  digest=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ -f "$SC_VENV_STAMP" ]; then
    while read -r key value; do
      case $key in
        pyproject) installed_digest=$value ;;
        root) installed_from=$value ;;
        extras) installed_extras=$value ;;
      esac
    done <"$SC_VENV_STAMP"
  fi
  # A venv whose interpreter no longer runs (python3 upgraded) or that was made for another checkout: anew.
  if [ -e "$SC_VENV" ]; then
    if ! "$SC_VENV_PY" -c '' >/dev/null 2>&1; then
      why="its interpreter does not run"
    elif [ -n "$installed_from" ] && [ "$installed_from" != "$PWD" ]; then
      why="it was made for the checkout at $installed_from"
    fi
    if [ -n "$why" ]; then
      echo "Recreating $SC_VENV: $why" >&2
      rm -rf "$SC_VENV"
      installed_digest=
    fi
  fi
  if [ "$installed_digest" = "$digest" ]; then
    if [ -z "$extra" ] || [[ " $installed_extras " == *" $extra "* ]]; then
      return 0
    fi
    extras="$installed_extras $extra"
  else
    extras=$extra
  fi
  if [ ! -f "$SC_VENV_STAMP" ] && ! "$SC_VENV_PY" -m pip --version >/dev/null 2>&1; then
    sc_need_python3
    rm -rf "$SC_VENV"
    echo "Creating $SC_VENV with $(python3 -V 2>&1) ..." >&2
    python3 -m venv "$SC_VENV"
  fi
  read -ra extras_list <<<"$extras"
  extras=${extras_list[*]}
  spec=.
  if [ -n "$extras" ]; then
    spec=".[${extras// /,}]"
  fi
  echo "Installing $spec into $SC_VENV (once; again only when pyproject.toml changes) ..." >&2
  rm -f "$SC_VENV_STAMP"
  "$SC_VENV_PY" -m pip install -q -e "$spec"
  printf 'pyproject %s\nroot %s\nextras %s\n' "$digest" "$PWD" "$extras" >"$SC_VENV_STAMP"
}
