#!/usr/bin/env bash
# Writes the uniffi bindings into bindings/uniffi/generated/ (Kotlin, Python, Swift with its C
# header and module map) from the library's interface, and the interface's fingerprint into
# generated/metadata.sha256. Run it after a change of the uniffi interface
# (bindings/uniffi/src/), and commit what it writes: the uniffi tests use these files and
# fail, saying to run this, when the library's fingerprint differs.
#
# Builds uniffi-bindgen (a few minutes the first time) and the library (dev profile).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bindings/uniffi/generated
cargo build -q --locked -p eig-ffi -p uniffi-bindgen
lib=target/debug/libeig_ffi.so
rm -rf "$out/kotlin" "$out/python" "$out/swift"
for language in kotlin python swift; do
  target/debug/uniffi-bindgen generate --no-format --library "$lib" --language "$language" \
    --out-dir "$out/$language" >/dev/null
done
python3 bindings/uniffi/metadata.py "$lib" > "$out/metadata.sha256"
echo "bindings written into $out/ (interface $(cut -c1-12 "$out/metadata.sha256")…)"
