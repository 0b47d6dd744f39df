#!/usr/bin/env bash
# Spark as a Delta reader for the integration tests (issue 12): <repo>/.venv-spark from
# test/python/requirements-spark.txt, and the Delta jars (io.delta:delta-spark_2.13 and
# io.delta:delta-storage) copied from Maven Central into $DL_CACHE_DIR/delta-spark-<v>/ (Ivy's
# --packages cannot reach the registry here; Maven can). Needs Java 17+ and Maven, as the stack.
# Idempotent: does nothing when both are in place.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
DELTA_VERSION=4.2.0
cache="${DL_CACHE_DIR:-$HOME/.cache/dl}"
jars="$cache/delta-spark-$DELTA_VERSION"
venv="$repo/.venv-spark"
req="$repo/test/python/requirements-spark.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"

if ! [ -x "$venv/bin/python" ] || ! [ -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  [ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
  # pyspark is published as a pure-Python sdist only: let pip build that one.
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: --no-binary=pyspark -r "$req"
  echo "$want" > "$stamp"
  echo "setup-spark: installed requirements-spark.txt into $venv"
fi

if ! [ -f "$jars/.installed" ]; then
  tmp="$jars.tmp-$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  pom="$tmp/pom.xml"
  echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>dl</groupId><artifactId>delta-jars</artifactId><version>1</version><packaging>pom</packaging></project>' > "$pom"
  for a in "io.delta:delta-spark_2.13:$DELTA_VERSION" "io.delta:delta-storage:$DELTA_VERSION"; do
    mvn -B -q -Dstyle.color=never "-Dmaven.repo.local=$cache/m2" -f "$pom" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy "-Dartifact=$a" "-DoutputDirectory=$tmp/jars"
  done
  rm "$pom"
  date -u +%FT%TZ > "$tmp/.installed"
  rm -rf "$jars" && mv "$tmp" "$jars"
  echo "setup-spark: copied the Delta $DELTA_VERSION jars into $jars"
fi
echo "setup-spark: ready ($venv, $jars)"
