#!/usr/bin/env bash
# Container health check for Fleet's images, which carry neither curl nor wget: one HTTP/1.0 GET over bash's /dev/tcp
# to this container's own port, healthy when the answer is 200. Usage: fleet-healthcheck [/health/ready]
# The port is the one the image sets in ASPNETCORE_URLS (8080); FLEET_HEALTH_PORT overrides it.
set -euo pipefail
path="${1:-/health/ready}"
port="${FLEET_HEALTH_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
IFS= read -r status <&3
[[ "$status" == HTTP/1.?" 200 "* ]]
