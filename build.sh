#!/usr/bin/env bash
# Runs build.cake with the pinned Cake tool. Examples: ./build.sh   ./build.sh --target=Test
set -euo pipefail
cd "$(dirname "$0")"
dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
