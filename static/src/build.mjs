// Builds the static tree from npm packages and our sources. Output goes to static/build (never committed).
import * as sass from "sass";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "static", "build");
const nm = join(root, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const css = sass.compile(join(root, "static", "src", "scss", "site.scss"), {
  loadPaths: [join(nm, "govuk-frontend", "dist")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "css", "site.css"), css.css);

const copy = (from, to) => {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
};

// GOV.UK Frontend: the JS module and the images its CSS refers to. No fonts: we use system fonts.
copy(join(nm, "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
// Each minified library names its source map; collectstatic's manifest storage fails on a missing one, so ship it.
copy(join(nm, "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js.map"), join(out, "js", "govuk-frontend.min.js.map"));

// H5P player (h5p-standalone): only what the player loads.
const h5p = join(nm, "h5p-standalone", "dist");
// images/ holds the throbber h5p.css refers to (collectstatic's manifest storage needs every referenced file).
for (const part of ["main.bundle.js", "frame.bundle.js", "styles", "fonts", "images"]) {
  if (existsSync(join(h5p, part))) copy(join(h5p, part), join(out, "h5p-player", part));
}

// SCORM runtime API (scorm-again): one build per version, loaded by the SCORM player.
for (const file of ["scorm12.min.js", "scorm2004.min.js"]) {
  copy(join(nm, "scorm-again", "dist", file), join(out, "scorm-again", file));
}

// Charts for reporting.
copy(join(nm, "chart.js", "dist", "chart.umd.min.js"), join(out, "js", "chart.umd.min.js"));
copy(join(nm, "chart.js", "dist", "chart.umd.min.js.map"), join(out, "js", "chart.umd.min.js.map"));

// Our own scripts and images.
copy(join(root, "static", "src", "js"), join(out, "js", "site"));
if (existsSync(join(root, "static", "src", "images"))) copy(join(root, "static", "src", "images"), join(out, "images"));

// A library file that names a source map we did not copy would make collectstatic's manifest storage
// fail (MissingFileError) in production: drop such dangling references, keep the ones we ship.
const dropDanglingSourceMaps = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) { dropDanglingSourceMaps(path); continue; }
    if (!/\.(js|mjs|css)$/.test(entry.name)) continue;
    const text = readFileSync(path, "utf8");
    const cleaned = text.replace(/(\/\/[#@] sourceMappingURL=(\S+)|\/\*[#@] sourceMappingURL=(\S+?) ?\*\/)/g,
      (whole, _all, jsRef, cssRef) => {
        const ref = jsRef || cssRef;
        if (/^(data:|https?:)/.test(ref)) return whole;
        return existsSync(join(dirname(path), ref.split("?")[0])) ? whole : "";
      });
    if (cleaned !== text) writeFileSync(path, cleaned);
  }
};
dropDanglingSourceMaps(out);

console.log(`Built static assets into ${out}`);
