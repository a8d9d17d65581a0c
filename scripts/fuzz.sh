#!/usr/bin/env bash
# Runs the fuzz targets one after another, each in one process on one core for SECONDS (default 600), seeding
# their corpora from the repository's inputs, and prints each run's closing statistics.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Logs go to ${FUZZ_LOGS:-fuzz/logs}/TARGET.log; crashes to fuzz/artifacts/TARGET/.
set -u
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(names duration money date relative_date load prose)
logs=${FUZZ_LOGS:-fuzz/logs}
mkdir -p "$logs"

seed() {
    local dir=fuzz/corpus/$1
    mkdir -p "$dir"
    case $1 in
    load) find claims rules cases tests/hostile -name '*.yaml' -size -64k -exec cp {} "$dir/" \; 2>/dev/null ;;
    date) printf '%s\n' 2017 2017-12 2017-12-24 2023-02-30 yesterday 'March 17, 2022' > "$dir/seeds" ;;
    relative_date) printf '%s\n' 'two weeks ago' 'Christmas Eve six years ago' 'last Friday' 'March 17 last year' > "$dir/seeds" ;;
    money) printf '%s\n' '13.6 million USD' '$13.6 million' 'USD 13,600,000' '2%' > "$dir/seeds" ;;
    duration) printf '%s\n' '25 years' P1Y6M '6 weeks' '10 days' > "$dir/seeds" ;;
    names) printf '%s\n' 'Pedro Pablo Kuczynski' 'Alberto Fujimori' 'Reaño' "O'Brien" > "$dir/seeds" ;;
    prose) cp tests/fixtures/extract/andes-ledger.txt tests/fixtures/quotes/text-checked/articles/*.txt "$dir/" ;;
    esac
}

for t in "${targets[@]}"; do
    seed "$t"
    echo "== $t: ${secs}s"
    cargo fuzz run -s none "$t" "fuzz/corpus/$t" -- -max_total_time="$secs" \
        -max_len=65536 -rss_limit_mb=2048 > "$logs/$t.log" 2>&1
    echo "exit $?"
    grep -E '^(Done|#[0-9]+)' "$logs/$t.log" | tail -1
    grep -E 'panicked|SUMMARY|Test unit written' "$logs/$t.log" | head -5
done
