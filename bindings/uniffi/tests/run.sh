#!/usr/bin/env bash
# Runs the uniffi binding in real hosts: Kotlin on the JVM (with JNA), Python through the
# generated ctypes module, and a C program over the header that Swift would use, all over the
# release build of the library (scripts/build-release, a no-op when it is current) and the
# bindings committed in bindings/uniffi/generated/ (bindings/uniffi/generate.sh writes them;
# this fails, saying so, when the library's interface is not the one they were made from).
# Called by scripts/test. scripts/setup installs what it needs on a fresh machine: JNA from
# Debian (libjna-java; JNA_JAR may point to another jna.jar) and the Kotlin compiler from the
# npm package kotlin-compiler (JetBrains' distribution) into .tools/ (KOTLINC may point to
# another).
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$(pwd)
gen="$root/bindings/uniffi/generated"
work="$root/target/uniffi"
rm -rf "$work" && mkdir -p "$work"

scripts/setup debian npm
echo "== uniffi: the library (release build) and its generated bindings"
# scripts/test sets EIG_RELEASE_BUILT: it made the build, and its other lane holds cargo.
[ -n "${EIG_RELEASE_BUILT:-}" ] || scripts/build-release >/dev/null
lib="$root/target/release/libeig_ffi.so"
made_from=$(cat "$gen/metadata.sha256")
now=$(python3 bindings/uniffi/metadata.py "$lib")
if [ "$made_from" != "$now" ]; then
  echo "the uniffi interface changed since bindings/uniffi/generated/ was written" >&2
  echo "(fingerprint $now, the bindings' $made_from): run bindings/uniffi/generate.sh and commit" >&2
  exit 1
fi
echo "bindings match the library's interface ($(cut -c1-12 <<<"$now")…)"

echo "== uniffi: Python host (ctypes)"
cp "$gen/python/eig_uniffi.py" "$lib" "$work/"
PYTHONPATH="$work" python3 bindings/uniffi/tests/bindings/test_eig_uniffi.py \
  tests/conformance/cases examples/submissions

echo "== uniffi: C program over the Swift header and the static library"
cc -Wall -Wextra -Werror -std=c11 -I "$gen/swift" bindings/uniffi/tests/bindings/header_check.c \
  "$root/target/release/libeig_ffi.a" -lpthread -ldl -lm -o "$work/header_check"
"$work/header_check"

echo "== uniffi: Kotlin host (JVM, JNA)"
jna="${JNA_JAR:-/usr/share/java/jna.jar}"
kotlinc="${KOTLINC:-$root/.tools/node_modules/kotlin-compiler/bin/kotlinc}"
kotlin_home=$(cd "$(dirname "$kotlinc")/.." && pwd)
# One compilation for the tests and the README's quickstart: the generated module is compiled
# once. The JVMs run short: the client compiler alone (no C2 threads) and the serial collector
# halve their CPU time.
export JAVA_OPTS="${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
# What the eig command prints for a ranking, teams and mentors: the Kotlin host's texts must be
# the same, byte for byte (one layout, the core's).
printed="$work/printed"
mkdir -p "$printed"
"$root/target/release/eig" generate --out "$printed" --challenges 8 --candidates 30 --jurors 5 \
  >/dev/null
"$root/target/release/eig" score --grid "$printed/grid-defis.json" --jury "$printed/jury.json" \
  --scores "$printed/scores-defis.json" --rulebook "$printed/rulebook.json" --lang en \
  >"$printed/ranking.txt" 2>/dev/null
"$root/target/release/eig" match teams examples/teams/teams.json --lang en >"$printed/teams.txt"
"$root/target/release/eig" match mentors examples/teams/mentors.json --lang en >"$printed/mentors.txt"
"$root/target/release/eig" jury plan examples/jury/plan.json --lang en >"$printed/jury-plan.txt"
# The EIG 4 instance (50 jurors, 21 défis, 2 days × 2 rooms), as `eig generate` writes it.
"$root/target/release/eig" generate --out "$printed/eig4" --challenges 21 --candidates 30 \
  --jurors 5 --seed 2020 >/dev/null
"$root/target/release/eig" jury plan "$printed/eig4/jury-plan.json" --lang en \
  >"$printed/jury-plan-eig4.txt"
"$kotlinc" -nowarn "$gen/kotlin/fr/eig/eig_uniffi.kt" bindings/uniffi/tests/bindings/TestEig.kt \
  bindings/uniffi/examples/Quickstart.kt -cp "$jna" -d "$work/kotlin.jar" 2>&1 \
  | { grep -v '^warning' || true; }
classpath="$work/kotlin.jar:$jna:$kotlin_home/lib/kotlin-stdlib.jar"
java $JAVA_OPTS -Djna.library.path="$root/target/release" -cp "$classpath" \
  TestEigKt tests/conformance/cases examples/submissions "$printed"

echo "== uniffi: the README's JVM quickstart (examples/Quickstart.kt)"
# The commands the README gives, with a dossier whose mentors give less than 30 %.
sed 's/"commitment_percent": 30/"commitment_percent": 25/' \
  examples/submissions/eig-5-valid-flood-alerts.json > "$work/low-mentor-time.json"
out=$(java $JAVA_OPTS -Djna.library.path="$root/target/release" -cp "$classpath" \
  QuickstartKt examples/submissions/eig-5-valid-flood-alerts.json "$work/low-mentor-time.json")
echo "$out"
expected="eig-5-valid-flood-alerts.json: valide (0 erreur(s), 0 avertissement(s))
low-mentor-time.json: valide (0 erreur(s), 1 avertissement(s))
  avertissement: /mentors (ligne 15, colonne 14) [mentor_time_low] aucun mentor ne donne 30 % de son temps au défi
      pour corriger : augmentez commitment_percent d'un mentor à 30 ou plus"
if [ "$out" != "$expected" ]; then
  echo "quickstart: unexpected output; expected:" >&2
  echo "$expected" >&2
  exit 1
fi
echo "quickstart: 1 passed, 0 failed"
