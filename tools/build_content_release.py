"""Prepare and check default-content releases (see docs/bundle-format.md, "Default content").

Usage:
  .venv/bin/python tools/build_content_release.py next RELEASE PUBLISHED [--content DIR]
      Remember the current release's version ids in previous-releases.json and make
      RELEASE (published at PUBLISHED, e.g. 2027-05-01T00:00:00Z) the one to edit.
      Run it BEFORE changing the content files for the new release.
  .venv/bin/python tools/build_content_release.py check [--content DIR] [--json]
      Build the release's versions and say what it changes against the previous one.

DIR defaults to resources/content. Every device builds the same versions from these
files, so commit release.json, previous-releases.json and the content together.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from icati_desktop.domain.default_content import ContentError
from icati_desktop.store.content_release import release_changes, start_next_release

DEFAULT = Path(__file__).resolve().parents[1] / "resources" / "content"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_content_release", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    nxt = sub.add_parser("next", help="start the next release")
    nxt.add_argument("release")
    nxt.add_argument("published")
    check = sub.add_parser("check", help="what the release changes")
    check.add_argument("--json", action="store_true")
    for p in (nxt, check):
        p.add_argument("--content", type=Path, default=DEFAULT, metavar="DIR")
    args = parser.parse_args(argv)
    try:
        if args.command == "next":
            frozen = start_next_release(args.content, args.release, args.published)
            print(
                f"release {frozen.release.name} recorded ({len(frozen.records)} records); "
                f"now editing release {args.release}"
            )
            return 0
        changes = release_changes(args.content)
    except ContentError as exc:
        print(f"build_content_release: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(asdict(changes), indent=2))
    else:
        print(
            f"release {changes.release} (after {changes.previous or 'none'}): "
            f"{changes.kept} kept, {len(changes.changed)} changed, "
            f"{len(changes.added)} added, {len(changes.removed)} removed"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
