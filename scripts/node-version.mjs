// The app runs on Node 24 (22.12 at least): better-sqlite3 13 crashes older Nodes with a
// segmentation fault instead of an error. `npm install` brings Node 24 as node_modules/.bin/node
// (the optional node-<os>-<cpu> package), which every npm script runs on; this says so plainly
// when a script ends up on an older Node anyway.
export const MINIMUM = [22, 12];

export function nodeIsRecentEnough(version = process.versions.node) {
  const [major, minor] = version.split(".").map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

export function requireRecentNode() {
  if (nodeIsRecentEnough()) return;
  console.error(
    `Trigger Map needs Node 24 (${MINIMUM.join(".")} at least), and this is Node ${process.version} (${process.execPath}). ` +
      "Run it through npm (npm run …) after a plain `npm install`, which brings Node 24 for npm's scripts, or install Node 24.",
  );
  process.exit(1);
}
