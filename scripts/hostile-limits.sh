#!/usr/bin/env bash
# Measures the wall time and peak memory of the release binary on every case of the hostile
# corpus (tests/hostile.rs and tests/hostile_budgets.rs), each checked beside tests/hostile/registry, and prints a Markdown
# table for docs/reliability.md. A hostile file must stay within 2 s and 200 MB; a budget case
# (budget-*: inputs of up to 3 MB whose findings show tens of thousands of claims) within 5 s
# and 400 MB.
#   scripts/hostile-limits.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/crosscheck
dir=$(mktemp -d)
trap 'chmod -R u+rwX "$dir"; rm -rf "$dir"' EXIT
CROSSCHECK_HOSTILE_DIR=$dir cargo test --quiet --test hostile -- --ignored write_the_corpus_for_measuring >/dev/null
# The budget cases (tests/hostile_budgets.rs) add themselves to cases.tsv.
CROSSCHECK_HOSTILE_DIR=$dir cargo test --quiet --test hostile_budgets -- --ignored write_the_corpus_for_measuring >/dev/null
cd "$dir"
echo "| case | exit | wall time (s) | peak memory (MB) |"
echo "| --- | ---: | ---: | ---: |"
over=0
while IFS=$'\t' read -r name args; do
    # shellcheck disable=SC2086
    /usr/bin/time -o "$dir/.time" -f '%e %M' "$bin" check $args registry "cases/$name" >/dev/null 2>&1 && code=0 || code=$?
    read -r secs kb < <(tail -1 "$dir/.time")
    mb=$(awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }')
    echo "| $name | $code | $secs | $mb |"
    case $name in budget-*) max_s=5 max_mb=400 ;; *) max_s=2 max_mb=200 ;; esac
    if awk -v s="$secs" -v kb="$kb" -v ms="$max_s" -v mm="$max_mb" 'BEGIN { exit !(s > ms || kb > mm * 1024) }'; then
        over=$((over + 1))
    fi
done < cases.tsv
if [ "$over" -gt 0 ]; then
    echo "$over case(s) over their bound (2 s and 200 MB; budget cases 5 s and 400 MB)" >&2
    exit 1
fi
