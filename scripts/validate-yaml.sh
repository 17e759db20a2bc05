#!/usr/bin/env bash
# Validates action.yml and the example workflows with @action-validator/cli.
# Its bundled schema (0.6.0) predates `runs.using: node24`, so action.yml is validated with that one
# value read as node20, and node24 is checked on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
grep -qE '^\s+using: node24\s*$' action.yml || { echo "action.yml: runs.using must be node24" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -E 's/^(\s+using: )node24\s*$/\1node20/' action.yml > "$tmp/action.yml"
status=0
npx --no-install action-validator "$tmp/action.yml" || { echo "action.yml is not valid" >&2; status=1; }
for f in examples/*.yml; do
  [ -e "$f" ] || continue
  npx --no-install action-validator "$f" || { echo "$f is not valid" >&2; status=1; }
done
[ "$status" -eq 0 ] && echo "action.yml and examples are valid."
exit "$status"
