#!/usr/bin/env python3
"""Replaces the example output in README.md with an excerpt of the current output of `check`
on the founding case (its copy under tests/founding, which the tests pin): `...`, the last
finding, which is the error, the line counting the infos and the summary line; and regenerates
the sample reports in docs/ (tests/readme.rs fails while any of them is stale). Run from the
repository root."""
import re
import subprocess

out = subprocess.run(
    ["cargo", "run", "-q", "--", "check", "--color", "never", "--width", "100"],
    capture_output=True, text=True, cwd="tests/founding",
).stdout
lines = out.splitlines(keepends=True)
# A finding starts at its rule's id: a line that is not indented, after a blank line; the two
# last lines count the infos and sum up.
starts = [i for i, l in enumerate(lines[:-2]) if l.strip() and not l[0].isspace() and (i == 0 or not lines[i - 1].strip())]
excerpt = "...\n\n" + "".join(lines[starts[-1]:])
readme = open("README.md").read()
block = "<!-- output:check -->\n```text\n$ cargo run --release -- check\n" + excerpt + "```\n<!-- /output:check -->"
readme = re.sub(r"<!-- output:check -->.*?<!-- /output:check -->", lambda _: block, readme, flags=re.S)
open("README.md", "w").write(readme)

# The sample reports the README links.
for fmt, ext in (("markdown", "md"), ("html", "html")):
    subprocess.run(
        ["cargo", "run", "-q", "--", "report", "--format", fmt, "-o", f"../../docs/sample-report.{ext}", "--force"],
        check=True, cwd="tests/founding",
    )
