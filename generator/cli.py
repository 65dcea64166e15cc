"""The commands MkDocs has no verb for: check, new, bulletin."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.config_file import SiteConfig, read_config
from generator.content import check as check_content


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the exit status (0 when all is well)."""
    parser = argparse.ArgumentParser(prog="network-site", description=__doc__)
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="find every content mistake without building")
    check.add_argument("--format", choices=("text", "json"), default="text")
    # Like `mkdocs build -f`, the option may also follow the command.
    check.add_argument("-f", "--config-file", default=argparse.SUPPRESS, help="the site's mkdocs.yml")
    args = parser.parse_args(argv)
    try:
        config = read_config(Path(args.config_file))
    except (OSError, ValueError) as error:
        print(f"{args.config_file}: {error}", file=sys.stderr)
        return 2
    if args.command == "check":
        return run_check(config, args.format)
    return 2  # pragma: no cover - argparse rejects unknown commands


def run_check(config: SiteConfig, output: str) -> int:
    """Print every mistake of content/, one per line, and a count."""
    loaded = check_content(config.content_dir)
    errors = sorted(set(loaded.errors))
    if output == "json":
        print(json.dumps({"errors": [e.as_dict() for e in errors], "count": len(errors)}, indent=2))
    else:
        for error in errors:
            print(error)
        files = len(loaded.records) + len(loaded.pages)
        noun = "mistake" if len(errors) == 1 else "mistakes"
        print(f"{len(errors)} {noun} in {config.content_dir} ({files} files read).")
    return 1 if errors else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
