#!/usr/bin/env bash
# Runs every test of the solution on a fresh Debian machine and prints one closing summary line.
# Installs what the tests need when it is missing: Debian's chromium (browser tests), openssh-server (SSH checkout
# tests; the service itself is not started), redis-server (replica tests; started per test), bubblewrap (the build and
# release sandbox), the .NET local tools.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium >/dev/null
fi

if [ ! -x /usr/sbin/sshd ]; then
  # The SSH checkout tests start their own sshd (tests/BlazorConsole.TestSupport/SshGitServer.cs); the system service is never started.
  echo "== installing Debian openssh-server for the SSH checkout tests"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq openssh-server openssh-client >/dev/null
  if [ -n "$created_policy" ]; then
    $SUDO rm -f /usr/sbin/policy-rc.d
  fi
fi

if ! command -v redis-server >/dev/null 2>&1; then
  # The replica tests start their own redis-server processes (tests/BlazorConsole.TestSupport/RedisTestServer.cs) on free
  # loopback ports; the system service is never started.
  echo "== installing Debian redis-server for the replica tests"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq redis-server >/dev/null
  if [ -n "$created_policy" ]; then
    $SUDO rm -f /usr/sbin/policy-rc.d
  fi
fi

if ! command -v bwrap >/dev/null 2>&1; then
  # Builds and releases run in bubblewrap sandboxes (Builds:Sandbox, the default); the isolation tests attack through it.
  echo "== installing Debian bubblewrap for the build and release sandbox"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq bubblewrap >/dev/null
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  # The data tests run on PostgreSQL too (Database:Provider=Postgres), on a throw-away cluster started below.
  echo "== installing Debian postgresql for the PostgreSQL data tests"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq postgresql >/dev/null
  if [ -n "$created_policy" ]; then
    $SUDO rm -f /usr/sbin/policy-rc.d
  fi
fi

if ! command -v dockerd >/dev/null 2>&1 || ! [ -x /usr/bin/busybox ]; then
  # The Docker runtime tests build FROM-scratch images around Debian's static busybox (no registry is reachable).
  echo "== installing Debian docker.io and busybox-static for the Docker runtime tests"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq docker.io busybox-static >/dev/null || echo "   (could not install docker.io; the Docker tests will say why they skip)"
  if [ -n "$created_policy" ]; then
    $SUDO rm -f /usr/sbin/policy-rc.d
  fi
fi

echo "== dotnet tool restore"
dotnet tool restore >/dev/null

echo "== build (warnings are errors)"
dotnet build BlazorConsole.sln -c Release -warnaserror -nologo -clp:ErrorsOnly

results="TestResults/trx"
rm -rf "$results"
mkdir -p "$results"
export E2E_ARTIFACTS_DIR="${E2E_ARTIFACTS_DIR:-$PWD/TestResults/e2e}"

echo "== throw-away PostgreSQL cluster"
pg_dir="$(mktemp -d /tmp/bc-test-pg-XXXXXX)"
trap 'scripts/test-postgres.sh stop "$pg_dir"' EXIT
CONSOLE_TEST_POSTGRES="$(scripts/test-postgres.sh start "$pg_dir")"
export CONSOLE_TEST_POSTGRES
echo "   $CONSOLE_TEST_POSTGRES"

echo "== Docker engine for the Docker runtime tests"
docker_dir=""
stop_docker() {
  if [ -n "$docker_dir" ] && [ -f "$docker_dir/docker.pid" ]; then
    kill "$(cat "$docker_dir/docker.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -f "$docker_dir/docker.pid" ] || break; sleep 0.2; done
  fi
}
trap 'stop_docker; scripts/test-postgres.sh stop "$pg_dir"' EXIT
if [ -n "${CONSOLE_TEST_DOCKER:-}" ]; then
  echo "   given: $CONSOLE_TEST_DOCKER"
elif docker -H unix:///var/run/docker.sock version >/dev/null 2>&1; then
  export CONSOLE_TEST_DOCKER="unix:///var/run/docker.sock"
  echo "   the machine's daemon: $CONSOLE_TEST_DOCKER"
elif command -v dockerd >/dev/null 2>&1; then
  # A private daemon: its own socket, data root and pid file, stopped at the end; nothing of the machine's is touched.
  docker_dir="$(mktemp -d /tmp/bc-test-docker-XXXXXX)"
  dockerd --data-root "$docker_dir/root" --exec-root "$docker_dir/exec" -H "unix://$docker_dir/docker.sock" \
    --pidfile "$docker_dir/docker.pid" >"$docker_dir/dockerd.log" 2>&1 &
  for _ in $(seq 1 150); do
    docker -H "unix://$docker_dir/docker.sock" version >/dev/null 2>&1 && break
    sleep 0.2
  done
  if docker -H "unix://$docker_dir/docker.sock" version >/dev/null 2>&1; then
    export CONSOLE_TEST_DOCKER="unix://$docker_dir/docker.sock"
    echo "   started: $CONSOLE_TEST_DOCKER"
  else
    export CONSOLE_TEST_DOCKER="unavailable: dockerd did not start ($(tail -n 1 "$docker_dir/dockerd.log"))"
    echo "   $CONSOLE_TEST_DOCKER"
  fi
else
  export CONSOLE_TEST_DOCKER="unavailable: dockerd is not installed"
  echo "   $CONSOLE_TEST_DOCKER"
fi

echo "== dotnet test (SQLite, the embedded default)"
status=0
dotnet test BlazorConsole.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# The same integration tests once more with every console on PostgreSQL (the PostgreSQL-only concurrency tests run in
# both passes: they start their own consoles on the cluster).
echo "== dotnet test (integration tests on PostgreSQL)"
CONSOLE_TEST_DATABASE=postgres dotnet test tests/BlazorConsole.IntegrationTests -c Release --no-build --nologo \
  --logger "trx;LogFilePrefix=postgres" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

# One summary over every test project, from the TRX files; a run that executed nothing is a failure.
python3 - "$results" "$status" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
if passed == 0:
    print("No test was executed.", file=sys.stderr)
    sys.exit(1)
sys.exit(1 if failed or int(sys.argv[2]) else 0)
PY
