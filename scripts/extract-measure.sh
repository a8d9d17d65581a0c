#!/usr/bin/env bash
# Leave-one-out measure of `crosscheck extract`: for each article, the draft is made with the
# registry, the properties and the OTHER articles' claims only, and compared with the article's
# own hand-written claims (`extract --compare`). Prints each article's lines and the totals:
# complete claims (subject, property and value), values found, and the precision of complete
# drafts.
#
#   scripts/extract-measure.sh ARTICLES_DIR CLAIMS_DIR [REGISTRY_AND_RULES...]
#
# ARTICLES_DIR holds each article as <source-id>.txt, CLAIMS_DIR its claims as <source-id>.yaml
# (and may hold the registry); the rest default to claims/entities.yaml and rules/.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:?usage: scripts/extract-measure.sh ARTICLES_DIR CLAIMS_DIR [REGISTRY_AND_RULES...]}
claims_dir=${2:?usage: scripts/extract-measure.sh ARTICLES_DIR CLAIMS_DIR [REGISTRY_AND_RULES...]}
shift 2
registry=("$@")
[ ${#registry[@]} -gt 0 ] || registry=(claims/entities.yaml rules)
# CROSSCHECK names a binary already built; by default the release build.
bin=${CROSSCHECK:-./target/release/crosscheck}
[ -n "${CROSSCHECK:-}" ] || cargo build --release --quiet
complete=0 found=0 total=0 matched=0 drafted=0
for claims in "$claims_dir"/*.yaml; do
  id=$(basename "$claims" .yaml)
  [ -f "$articles/$id.txt" ] || continue
  published=$(sed -n 's/^  published: *//p' "$claims" | head -n 1)
  args=()
  for r in "${registry[@]}"; do args+=(--registry "$r"); done
  for other in "$claims_dir"/*.yaml; do
    [ "$other" = "$claims" ] || grep -q '^claims:' "$other" || continue
    [ "$other" = "$claims" ] || args+=(--learn "$other")
  done
  report=$("$bin" extract "$articles/$id.txt" --published "$published" --id "$id" \
    "${args[@]}" --compare "$claims" 2>&1 >/dev/null)
  grep -E '^(complete|precision|recall):' <<<"$report"
  read -r c t < <(sed -nE 's/^complete: ([0-9]+) of the ([0-9]+) .*/\1 \2/p' <<<"$report")
  read -r m d < <(sed -nE 's/^precision: ([0-9]+) of the ([0-9]+) .*/\1 \2/p' <<<"$report")
  read -r f < <(sed -nE 's/^recall: the draft proposes ([0-9]+) .*/\1/p' <<<"$report")
  complete=$((complete + c)) total=$((total + t)) matched=$((matched + m)) drafted=$((drafted + d)) found=$((found + f))
done
[ "$total" -gt 0 ] || { echo "no <source-id>.txt articles in $articles" >&2; exit 2; }
echo "in all: complete claims $complete of $total ($((complete * 100 / total))%);" \
  "values found $found of $total ($((found * 100 / total))%);" \
  "complete drafts matching a claim $matched of $drafted ($((matched * 100 / (drafted > 0 ? drafted : 1)))%)"
