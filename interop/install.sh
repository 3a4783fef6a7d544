#!/usr/bin/env bash
# What `make interop` needs, installed once and quietly: PHP with its SOAP extension, a JDK with
# JAX-WS RI (wsimport), node with npm, and the npm package `soap` in interop/node/node_modules.
# Idempotent: a second run installs nothing and runs no apt-get update.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v php >/dev/null && php -m 2>/dev/null | grep -qi '^soap$' || missing+=(php-cli php-soap)
command -v javac >/dev/null || missing+=(default-jdk-headless)
command -v wsimport >/dev/null || missing+=(jaxws)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "interop: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f node/node_modules/soap/package.json ]; then
  echo "interop: installing the npm package soap"
  (cd node && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
