#!/usr/bin/env python3
"""What customers ask that the help center does not answer: the same as `helpcenter audit gaps`.

    python scripts/audit_gaps.py exports/search-console.zip calls.csv --site site --out-dir gaps-report

Run with --help for every option.
"""

from helpcenter.audit.gaps import gaps_command

if __name__ == "__main__":
    gaps_command.main(prog_name="audit_gaps.py")
