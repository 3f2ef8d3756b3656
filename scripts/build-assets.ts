// Compiles the stylesheet from govuk-frontend's Sass and copies the browser script into
// public/. Runs after every install, so a fresh clone serves styled pages at once.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "public");
fs.mkdirSync(out, { recursive: true });

const result = sass.compile(path.join(root, "src/assets/application.scss"), {
  loadPaths: [path.join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
fs.writeFileSync(path.join(out, "application.css"), result.css);

const frontend = path.join(root, "node_modules/govuk-frontend/dist/govuk");
fs.copyFileSync(
  path.join(frontend, "govuk-frontend.min.js"),
  path.join(out, "govuk-frontend.min.js"),
);
fs.copyFileSync(path.join(root, "src/assets/application.mjs"), path.join(out, "application.js"));
fs.copyFileSync(path.join(root, "src/assets/favicon.svg"), path.join(out, "favicon.svg"));
console.log(
  `Built assets into ${path.relative(root, out)}/ (${Math.round(result.css.length / 1024)} KB of CSS)`,
);
