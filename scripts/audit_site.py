#!/usr/bin/env python3
"""Audit a built help center like a search engine: the same as `helpcenter audit site`.

    python scripts/audit_site.py site --out-dir site-audit        # a `mkdocs build` output
    python scripts/audit_site.py --url https://help.example.com/  # a site already served

Run with --help for every option.
"""

from helpcenter.audit.site import site_command

if __name__ == "__main__":
    site_command.main(prog_name="audit_site.py")
