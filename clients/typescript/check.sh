#!/usr/bin/env bash
# Type-checks, with `tsc --strict`, the TypeScript clients a frontend team generates from
# docs/openapi.json: the typescript-fetch client (made by openapi-generator in this build),
# openapi-typescript's types, and usage.ts, which sends the README's requests through them and
# assigns real responses of the service to their types. Run by `./mvnw verify` after the
# integration tests (which write those responses); skipped with a message where npm is missing.
set -euo pipefail
cd "$(dirname "$0")"
root=../..
generated=$root/target/generated-clients

if ! command -v npm >/dev/null 2>&1; then
  echo "[typescript] npm is not installed: the TypeScript client check is skipped (Node.js 20+ runs it)"
  exit 0
fi
if [ ! -d "$generated/typescript-fetch" ] || [ ! -d "$root/target/api-responses" ]; then
  echo "[typescript] no generated client or recorded responses in target/: skipped (./mvnw verify makes both)"
  exit 0
fi

npm ci --no-audit --no-fund --loglevel=error
npx --no-install openapi-typescript "$root/docs/openapi.json" --output "$generated/openapi-typescript/tales.d.ts"
npx --no-install tsc --project tsconfig.json
echo "[typescript] typescript-fetch client, openapi-typescript types and usage.ts type-check with --strict"
