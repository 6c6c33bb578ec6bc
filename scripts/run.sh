#!/usr/bin/env bash
# Runs the console with its embedded defaults: SQLite, data under ./data, http://127.0.0.1:5080.
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run --project src/BlazorConsole.Web -c Release -- --urls "${CONSOLE_URLS:-http://127.0.0.1:5080}"
