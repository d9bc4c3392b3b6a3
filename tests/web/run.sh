#!/usr/bin/env bash
# The validation web page (`eig serve`) end to end: an invalid dossier dropped on the page in
# headless Chromium (Playwright's library, npm playwright-core, driving Debian's chromium), and
# the HTTP API under schemathesis (property-based, from the server's OpenAPI description) on
# loopback, which must find no server error. Called by scripts/test after the release build
# (scripts/build-release, which it runs too: a no-op when the build is current); scripts/setup
# installs Debian's chromium, playwright-core (npm, into .tools/) and schemathesis (pip, into
# .tools/schemathesis) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
st_venv="$root/.tools/schemathesis"
out="$root/target/web"
mkdir -p "$out"
chromium="${CHROMIUM:-/usr/bin/chromium}"
scripts/setup debian npm schemathesis
# scripts/test sets EIG_RELEASE_BUILT: it made the build, and its other lane holds cargo.
[ -n "${EIG_RELEASE_BUILT:-}" ] || scripts/build-release >/dev/null

target/release/eig serve --addr 127.0.0.1:0 > "$out/serve.out" 2> "$out/serve.err" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 300); do
  [ -s "$out/serve.out" ] && break
  sleep 0.1
done
url=$(head -1 "$out/serve.out")
if [ -z "$url" ]; then
  echo "eig serve did not start:" >&2
  cat "$out/serve.err" >&2
  exit 1
fi
echo "== web page in headless Chromium ($url)"
# A dossier with the mistakes an officer makes: a job title as expertise, a SIRET with spaces,
# a French date, a French field name.
sed -e 's/"data-science"/"Data Scientist"/' -e 's/"11000201100044"/"110 002 011 00044"/' \
  -e 's/"2021-04-07T16:45:00+02:00"/"07\/04\/2021"/' -e 's/"title":/"titre":/' \
  examples/submissions/eig-5-valid-flood-alerts.json > "$out/invalid-dossier.json"
node tests/web/page-test.mjs .tools/node_modules "$chromium" "$url" "$out/invalid-dossier.json" \
  "$out/page.png"

echo "== the API under schemathesis (no server error)"
"$st_venv/bin/schemathesis" run "${url}v1/openapi.json" --checks not_a_server_error \
  --max-examples 60 --no-color --suppress-health-check all > "$out/schemathesis.log" 2>&1 || {
  cat "$out/schemathesis.log"
  exit 1
}
tail -5 "$out/schemathesis.log"
# Nothing of the documents was written by the server.
if [ -s "$out/serve.err" ]; then
  echo "the server wrote to its error output:" >&2
  cat "$out/serve.err" >&2
  exit 1
fi
