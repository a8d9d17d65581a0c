#!/usr/bin/env python3
"""The `agree` rule's grouping as a DuckDB query over `crosscheck claims` (docs/performance.md,
"Beyond one machine"): which (subject, property) slots hold two claims that cannot both be
true, compared with the slots `check --format json` reports a `conflict`, `self-contradiction` or
`wording-differs` in.

Usage (pip install duckdb):
    crosscheck claims DIR -o claims.jsonl
    crosscheck check --format json DIR > findings.json     # optional: to compare with
    scripts/agree_in_duckdb.py claims.jsonl [findings.json] [--threads N]

Two claims of one slot agree when their keys are equal and their intervals overlap within the
property's tolerance, in either reading of a date with two; a `changes: true` property is
compared only between claims whose `as_of` periods overlap. As `agree` does, ages are left to
the `age` rule and values set aside by `names`/`types` are left out; free text without terms
compares by its folded wording, as `check`'s `wording-differs` (an info) does. The query joins claims by slot (a hash join on the slot key): no pair of
claims from two slots is ever compared.
"""
import argparse
import json
import time

import duckdb

QUERY = """
WITH c AS (
    SELECT row_number() OVER () AS n, *
    FROM read_json('{claims}', format = 'newline_delimited', columns = {{
        source: 'VARCHAR', claim: 'VARCHAR', slot_subject: 'VARCHAR', property: 'VARCHAR',
        type: 'VARCHAR', changes: 'BOOLEAN', key: 'VARCHAR', low: 'DOUBLE', high: 'DOUBLE',
        low_2: 'DOUBLE', high_2: 'DOUBLE', tolerance: 'DOUBLE', tolerance_relative: 'DOUBLE',
        as_of_start: 'DATE', as_of_end: 'DATE', set_aside: 'BOOLEAN'
    }})
    WHERE type IS DISTINCT FROM 'age' AND NOT set_aside
),
pairs AS (
    SELECT a.slot_subject, a.property
    FROM c a JOIN c b
      ON a.slot_subject = b.slot_subject AND a.property = b.property AND a.n < b.n
    WHERE (NOT a.changes OR (a.as_of_start <= b.as_of_end AND b.as_of_start <= a.as_of_end))
      AND NOT (
        a.key IS NOT DISTINCT FROM b.key
        AND (a.low IS NULL OR EXISTS (
            SELECT 1 FROM (VALUES (a.low, a.high), (a.low_2, a.high_2)) x(lo, hi),
                          (VALUES (b.low, b.high), (b.low_2, b.high_2)) y(lo, hi)
            WHERE x.lo IS NOT NULL AND y.lo IS NOT NULL
              AND greatest(x.lo, y.lo) - least(x.hi, y.hi)
                  <= a.tolerance + a.tolerance_relative * greatest(abs(x.hi), abs(y.hi))
        ))
      )
)
SELECT DISTINCT slot_subject, property FROM pairs
"""

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("claims", help="the output of `crosscheck claims`")
    ap.add_argument("findings", nargs="?", help="the output of `crosscheck check --format json`")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    con = duckdb.connect()
    con.execute(f"SET threads = {args.threads}")
    query = QUERY.format(claims=args.claims.replace("'", "''"))
    started = time.perf_counter()
    slots = set(con.execute(query).fetchall())
    took = time.perf_counter() - started
    claims = con.execute(
        f"SELECT count(*) FROM read_json('{args.claims}', format = 'newline_delimited')"
    ).fetchone()[0]
    print(f"duckdb: {claims} claims, {len(slots)} slots with values that cannot all be true, "
          f"in {took:.2f} s on {args.threads} threads")

    if args.findings:
        with open(args.findings) as f:
            doc = json.load(f)
        # The slot of a finding is its subject and property. Free text without terms that
        # differs is a `wording-differs` info in `check`, and a difference to the query.
        codes = ("conflict", "self-contradiction", "wording-differs")
        found = {(f["subject"], f["property"]) for f in doc["findings"] if f["code"] in codes}
        wording = {(f["subject"], f["property"]) for f in doc["findings"]
                   if f["code"] == "wording-differs"}
        print(f"check:  {len(found)} slots with a conflict, self-contradiction or "
              f"wording-differs ({len(found - wording)} without wording-differs)")
        print(f"both: {len(slots & found)}; only duckdb: {len(slots - found)}; "
              f"only check: {len(found - slots)}")
        for name, diff in (("only duckdb", slots - found), ("only check", found - slots)):
            for s in sorted(diff)[:5]:
                print(f"  {name}: {s[0]} / {s[1]}")


if __name__ == "__main__":
    main()
