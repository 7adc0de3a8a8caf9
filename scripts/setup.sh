#!/usr/bin/env bash
# Everything a fresh Debian machine of this kind needs before Sapat runs: the system
# libraries canvas builds against, the npm packages (native ones built from source, since
# prebuilt binaries cannot be downloaded here) and the generated Prisma client.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# canvas (under chartjs-node-canvas) builds from source against these.
debs=(build-essential pkg-config python3 libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# node-gyp takes Node's headers from the machine, not from the internet.
if [[ -f /usr/include/node/node.h ]]; then export npm_config_nodedir=/usr; fi

# npm ci when node_modules is missing or older than the lockfile (postinstall generates the Prisma client).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: npm ci (native modules build from source: about two minutes the first time)"
  npm ci --no-audit --no-fund
elif [[ ! -f prisma/generated/client.ts || ! -f prisma/generated-postgresql/client.ts || prisma/db/sqlite/schema.prisma -nt prisma/generated/client.ts || prisma/db/postgresql/schema.prisma -nt prisma/generated-postgresql/client.ts ]]; then
  npm run --silent generate
fi
