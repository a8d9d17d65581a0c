#!/usr/bin/env bash
# Measures the wall time and peak memory of the release binary on every case of the hostile
# corpus (tests/hostile.rs and tests/hostile_budgets.rs), each checked beside tests/hostile/registry, and prints a Markdown
# table for the README's reliability section. Every case must stay within 2 s and 200 MB.
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
    if awk -v s="$secs" -v kb="$kb" 'BEGIN { exit !(s > 2 || kb > 200 * 1024) }'; then
        over=$((over + 1))
    fi
done < cases.tsv
if [ "$over" -gt 0 ]; then
    echo "$over case(s) over 2 s or 200 MB" >&2
    exit 1
fi
