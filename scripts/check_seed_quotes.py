#!/usr/bin/env python3
"""Check that every claim quote in the bundled claim files is an exact substring of its seed article.

Usage: check_seed_quotes.py SEEDS_DIR [CLAIMS_DIR]

The seed articles are copyrighted and are not part of the repository; point SEEDS_DIR at a
directory holding them (files named NNN_<hash>.txt). CLAIMS_DIR defaults to claims/ next to
this script's parent directory.

Also checks, as a convenience, that each claim's subject is a registry id, each property is
declared in rules/properties.yaml, and each entity value resolves to a registry name or alias.
Exit status: 0 when everything passes, 1 otherwise.
"""
import sys
import unicodedata
from pathlib import Path

import yaml

# Which seed file (by its number prefix) each claim file was written from.
SEED_OF_SOURCE = {
    "latin-times-2022-04-08": "000",
    "peoples-dispatch-2023-12-06": "001",
    "bloomberg-2023-12-06": "003",
}


def fold(name):
    """Name matching as FORMATS.md describes it: case, accents, punctuation, white space."""
    s = unicodedata.normalize("NFKD", str(name))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = "".join(c if c.isalnum() else " " for c in s.casefold())
    return " ".join(s.split())


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    seeds = Path(argv[1])
    root = Path(__file__).resolve().parent.parent
    claims_dir = Path(argv[2]) if len(argv) > 2 else root / "claims"
    rules_dir = claims_dir.parent / "rules"

    registry = yaml.safe_load((claims_dir / "entities.yaml").read_text(encoding="utf-8"))["entities"]
    ids = {e["id"] for e in registry}
    types = {e["id"]: e.get("type") for e in registry}
    names = {}
    for e in registry:
        for n in [e["id"], e["name"], *e.get("aliases", [])]:
            names.setdefault(fold(n), set()).add(e["id"])
    props = yaml.safe_load((rules_dir / "properties.yaml").read_text(encoding="utf-8"))["properties"]

    failures = 0
    for source_id, prefix in SEED_OF_SOURCE.items():
        path = claims_dir / f"{source_id}.yaml"
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        matches = sorted(seeds.glob(f"{prefix}_*.txt"))
        if len(matches) != 1:
            print(f"{path.name}: expected one seed file {prefix}_*.txt in {seeds}, found {len(matches)}")
            failures += 1
            continue
        text = matches[0].read_text(encoding="utf-8")
        claims = doc["claims"]
        for i, c in enumerate(claims, 1):
            where = f"{path.name} claim {c.get('id', '#%d' % i)}"
            q = c.get("quote")
            if not q:
                print(f"{where}: no quote")
                failures += 1
            elif q not in text:
                print(f"{where}: quote not found verbatim: {q!r}")
                failures += 1
            if c["subject"] not in ids:
                print(f"{where}: subject {c['subject']!r} is not a registry id")
                failures += 1
            prop = props.get(c["property"])
            if prop is None:
                print(f"{where}: property {c['property']!r} is not declared")
                failures += 1
                continue
            if prop["type"] == "entity":
                hits = names.get(fold(c["value"]), set())
                if len(hits) != 1:
                    print(f"{where}: entity value {c['value']!r} resolves to {sorted(hits) or 'nothing'}")
                else:
                    (eid,) = hits
                    rng = prop.get("range")
                    if rng and types.get(eid) not in rng:
                        print(f"{where}: {c['value']!r} is {eid} ({types.get(eid)}), not in range {rng}")
            if prop.get("many") and not isinstance(c["value"], list):
                print(f"{where}: property {c['property']!r} is many: true but the value is not a list")
                failures += 1
        print(f"{path.name}: {len(claims)} claims checked against {matches[0].name}")
    print("OK" if failures == 0 else f"{failures} failure(s)")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
