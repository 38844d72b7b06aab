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
# Province boundaries for the maps (regions/maps.py): the svg-maps outline, keyed on CBS code.
node -e '
const fs = require("fs");
const src = fs.readFileSync("node_modules/@svg-maps/netherlands/index.js", "utf8");
const map = JSON.parse(src.replace(/^export default /, "").replace(/;\s*$/, ""));
const cbs = {gr: "PV20", fr: "PV21", dr: "PV22", ov: "PV23", fl: "PV24", ge: "PV25",
             ut: "PV26", nh: "PV27", zh: "PV28", ze: "PV29", nb: "PV30", li: "PV31"};
const out = {
  source: "@svg-maps/netherlands 1.0.0 (npm), based on MapSVG; CC BY 4.0",
  viewBox: map.viewBox,
  provinces: map.locations.map(l => ({code: cbs[l.id], name: l.name, path: l.path}))
    .sort((a, b) => a.code.localeCompare(b.code)),
};
if (out.provinces.some(p => !p.code) || out.provinces.length !== 12) throw new Error("unexpected map");
fs.writeFileSync("regions/data/province-map.json", JSON.stringify(out, null, 1) + "\n");
'
cp node_modules/@svg-maps/netherlands/LICENSE.md regions/data/province-map.LICENSE.md
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE "$dest/axe-core/"
cp node_modules/axe-core/LICENSE-3RD-PARTY.txt "$dest/axe-core/"
node -e '
const lock = require("./package-lock.json").packages;
for (const name of ["@utrecht/component-library-css", "@nl-design-system-unstable/voorbeeld-design-tokens", "htmx.org", "@svg-maps/netherlands", "axe-core"]) {
  const p = lock["node_modules/" + name];
  console.log(`${name}@${p.version} (${p.license || "see LICENSE"})`);
}' > "$dest/VERSIONS.txt"
cat "$dest/VERSIONS.txt"
