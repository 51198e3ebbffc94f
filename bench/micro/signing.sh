#!/usr/bin/env bash
# Measures what signing a list page's media URLs costs by hand (storage.SignedUrlToken) and
# with Nimbus JOSE, side by side in one JVM (docs/performance.md, "Signed URLs"). Needs the
# compiled service (./mvnw -q compile) and its dependencies in ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=${MAVEN_REPO:-$HOME/.m2/repository}
jar() { find "$repo/$1" -name '*.jar' ! -name '*-sources.jar' | sort -V | tail -1; }
cp="target/classes:$(jar com/nimbusds/nimbus-jose-jwt):$(jar tools/jackson/core/jackson-databind):$(jar tools/jackson/core/jackson-core):$(jar org/jspecify/jspecify)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/src/com/talegenerator/tales/storage"
cp bench/micro/SigningBenchmark.java "$out/src/com/talegenerator/tales/storage/"
javac -cp "$cp" -d "$out/classes" "$out/src/com/talegenerator/tales/storage/SigningBenchmark.java"
java -cp "$out/classes:$cp" com.talegenerator.tales.storage.SigningBenchmark
