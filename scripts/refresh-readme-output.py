#!/usr/bin/env python3
"""Replaces the example output in README.md with the current output of `check` on the
bundled claims (tests/readme.rs fails while they differ). Run from the repository root."""
import re
import subprocess

out = subprocess.run(
    ["cargo", "run", "-q", "--", "check", "--color", "never", "--width", "100"],
    capture_output=True, text=True,
).stdout
readme = open("README.md").read()
block = "<!-- output:check -->\n```text\n$ cargo run --release -- check\n" + out + "```\n<!-- /output:check -->"
readme = re.sub(r"<!-- output:check -->.*?<!-- /output:check -->", lambda _: block, readme, flags=re.S)
open("README.md", "w").write(readme)
