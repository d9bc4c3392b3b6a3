#!/usr/bin/env bash
# Runs the uniffi binding in real hosts: Kotlin on the JVM (with JNA), Python through the
# generated ctypes module, and a C program over the header that Swift would use.
# Called by scripts/test; installs what it needs on a fresh machine:
#   - JNA from Debian (libjna-java), unless JNA_JAR points to a jna.jar;
#   - the Kotlin compiler from the npm package kotlin-compiler (JetBrains' distribution) into
#     .tools/, unless KOTLINC points to a kotlinc.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$(pwd)
gen="$root/target/uniffi"
kotlin_version=2.4.20

echo "== uniffi: build the library and uniffi-bindgen"
cargo build -q --locked -p eig-ffi -p uniffi-bindgen
lib="$root/target/debug/libeig_ffi.so"
rm -rf "$gen" && mkdir -p "$gen"
for language in kotlin python swift; do
  "$root/target/debug/uniffi-bindgen" generate --no-format --library "$lib" \
    --language "$language" --out-dir "$gen/$language" >/dev/null
done

echo "== uniffi: Python host (ctypes)"
cp "$lib" "$gen/python/"
PYTHONPATH="$gen/python" python3 bindings/uniffi/tests/bindings/test_eig_uniffi.py \
  tests/conformance/cases examples/submissions

echo "== uniffi: C program over the Swift header and the static library"
cc -Wall -Wextra -Werror -std=c11 -I "$gen/swift" bindings/uniffi/tests/bindings/header_check.c \
  "$root/target/debug/libeig_ffi.a" -lpthread -ldl -lm -o "$gen/header_check"
"$gen/header_check"

echo "== uniffi: Kotlin host (JVM, JNA)"
jna="${JNA_JAR:-/usr/share/java/jna.jar}"
if [ ! -f "$jna" ]; then
  echo "installing JNA (Debian libjna-java)"
  if [ "$(id -u)" = 0 ]; then apt=apt-get; else apt="sudo apt-get"; fi
  $apt update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $apt install -y -qq libjna-java >/dev/null
fi
kotlinc="${KOTLINC:-$root/.tools/node_modules/kotlin-compiler/bin/kotlinc}"
if [ ! -x "$kotlinc" ]; then
  echo "installing the Kotlin compiler (npm kotlin-compiler@$kotlin_version) into .tools/"
  npm install --silent --no-audit --no-fund --prefix "$root/.tools" "kotlin-compiler@$kotlin_version" >/dev/null
fi
kotlin_home=$(cd "$(dirname "$kotlinc")/.." && pwd)
"$kotlinc" -nowarn "$gen/kotlin/fr/eig/eig_uniffi.kt" bindings/uniffi/tests/bindings/TestEig.kt \
  -cp "$jna" -d "$gen/kotlin-test.jar" 2>&1 | { grep -v '^warning' || true; }
java -Djna.library.path="$root/target/debug" \
  -cp "$gen/kotlin-test.jar:$jna:$kotlin_home/lib/kotlin-stdlib.jar" \
  TestEigKt tests/conformance/cases examples/submissions

echo "== uniffi: the README's JVM quickstart (examples/Quickstart.kt)"
# The commands the README gives, with a dossier whose mentors give less than 30 %.
"$kotlinc" -nowarn "$gen/kotlin/fr/eig/eig_uniffi.kt" bindings/uniffi/examples/Quickstart.kt \
  -cp "$jna" -d "$gen/quickstart.jar" 2>&1 | { grep -v '^warning' || true; }
sed 's/"commitment_percent": 30/"commitment_percent": 25/' \
  examples/submissions/eig-5-valid-flood-alerts.json > "$gen/low-mentor-time.json"
out=$(java -Djna.library.path="$root/target/debug" \
  -cp "$gen/quickstart.jar:$jna:$kotlin_home/lib/kotlin-stdlib.jar" \
  QuickstartKt examples/submissions/eig-5-valid-flood-alerts.json "$gen/low-mentor-time.json")
echo "$out"
expected="eig-5-valid-flood-alerts.json: valide
low-mentor-time.json: valide
  /mentors (ligne 15, colonne 14) [mentor_time_low] aucun mentor ne donne 30 % de son temps au défi
    pour corriger : augmentez commitment_percent d'un mentor à 30 ou plus"
if [ "$out" != "$expected" ]; then
  echo "quickstart: unexpected output; expected:" >&2
  echo "$expected" >&2
  exit 1
fi
echo "quickstart: 1 passed, 0 failed"
