#!/usr/bin/env bash
# Refresh the vendored front-end files in static/vendor from the npm registry, at the
# exact versions in package-lock.json. The copies are committed: running the app needs
# no npm and loads nothing from a CDN. axe-core (a devDependency) is for the browser
# tests only: they inject it into the page; no template loads it.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
dest=static/vendor
rm -rf "$dest" && mkdir -p "$dest/utrecht" "$dest/voorbeeld-design-tokens" "$dest/htmx" "$dest/axe-core"
cp node_modules/@utrecht/component-library-css/dist/index.css "$dest/utrecht/component-library.css"
cp node_modules/@utrecht/component-library-css/LICENSE.md "$dest/utrecht/"
cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css "$dest/voorbeeld-design-tokens/theme.css"
cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/LICENSE.md "$dest/voorbeeld-design-tokens/"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/htmx.org/LICENSE "$dest/htmx/"
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE "$dest/axe-core/"
cp node_modules/axe-core/LICENSE-3RD-PARTY.txt "$dest/axe-core/"
node -e '
const lock = require("./package-lock.json").packages;
for (const name of ["@utrecht/component-library-css", "@nl-design-system-unstable/voorbeeld-design-tokens", "htmx.org", "axe-core"]) {
  const p = lock["node_modules/" + name];
  console.log(`${name}@${p.version} (${p.license || "see LICENSE"})`);
}' > "$dest/VERSIONS.txt"
cat "$dest/VERSIONS.txt"
