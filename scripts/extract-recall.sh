#!/usr/bin/env bash
# Recall of `crosscheck extract`: how many of the hand-written claims in claims/ (value and
# quote) it proposes when run on the articles themselves.
#
#   scripts/extract-recall.sh ARTICLES_DIR
#
# ARTICLES_DIR holds each article as <source-id>.txt (the same folder `check --articles` reads).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: scripts/extract-recall.sh ARTICLES_DIR}
cargo build --release --quiet
proposed=0
total=0
for claims in claims/*.yaml; do
  id=$(basename "$claims" .yaml)
  [ -f "$dir/$id.txt" ] || continue
  published=$(sed -n 's/^  published: *//p' "$claims")
  line=$(./target/release/crosscheck extract "$dir/$id.txt" --published "$published" --id "$id" \
    --compare "$claims" 2>&1 >/dev/null | sed -n '/^recall:/p')
  echo "$line"
  read -r p t < <(sed -E 's/.*proposes ([0-9]+) of the ([0-9]+) claims.*/\1 \2/' <<<"$line")
  proposed=$((proposed + p))
  total=$((total + t))
done
[ "$total" -gt 0 ] || { echo "no <source-id>.txt articles in $dir" >&2; exit 2; }
echo "in all: $proposed of $total hand-written claims proposed ($((proposed * 100 / total))%)"
