# shellcheck shell=bash
# Sourced by the docker/ scripts: podman with Braid's containers.conf (runc and pinned ulimits, see that file).
# A CONTAINERS_CONF already set by the caller wins.
export CONTAINERS_CONF=${CONTAINERS_CONF:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/containers.conf}

command -v podman >/dev/null || {
  echo "podman not found: apt-get install -y podman runc (what .ci/run does)" >&2
  exit 1
}
