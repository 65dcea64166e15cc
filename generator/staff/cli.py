"""The commands MkDocs has no verb for: check, new, bulletin."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.content.colours import contrast_problems
from generator.content.errors import ContentErrors
from generator.content.loading import check as check_content
from generator.content.loading import load_site
from generator.content.settings import source_date_epoch
from generator.outputs.fonts import font_problem
from generator.outputs.icons import read_logo
from generator.staff.bulletin_draft import draft
from generator.staff.config_file import SiteConfig, read_config
from generator.staff.scaffold import ScaffoldError, create, create_translation


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the exit status (0 when all is well)."""
    parser = argparse.ArgumentParser(prog="network-site", description=__doc__)
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="find every content mistake without building")
    check.add_argument("--format", choices=("text", "json"), default="text")
    # Like `mkdocs build -f`, the option may also follow the command.
    check.add_argument("-f", "--config-file", default=argparse.SUPPRESS, help="the site's mkdocs.yml")
    new = commands.add_parser("new", help="create a content file with every field of its type")
    new.add_argument("type", help="news, event, practice, twg, organization or bulletin; with --lang, the original")
    new.add_argument("title", nargs="?", help="the title, in quotes")
    new.add_argument("--lang", help="start a translation of an existing file (news/<id>) into this language")
    new.add_argument("--date", type=_day, help="the item's date (default: today in the site's time zone)")
    new.add_argument("-f", "--config-file", default=argparse.SUPPRESS, help="the site's mkdocs.yml")
    bulletin = commands.add_parser("bulletin", help="draft the next E-Bulletin issue from a period")
    bulletin.add_argument("--since", type=_day, required=True, help="first day, like 2023-07-01")
    bulletin.add_argument("--until", type=_day, required=True, help="last day, like 2023-08-31")
    bulletin.add_argument("-f", "--config-file", default=argparse.SUPPRESS, help="the site's mkdocs.yml")
    args = parser.parse_args(argv)
    try:
        source_date_epoch()  # the build refuses a value it cannot read before anything else: so does check
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        config = read_config(Path(args.config_file))
    except (OSError, ValueError) as error:
        print(f"{args.config_file}: {error}", file=sys.stderr)
        return 2
    if args.command == "check":
        return run_check(config, args.format)
    try:
        if args.command == "new" and args.lang:
            translated = create_translation(config.content_dir, config.types, args.type, args.lang,
                                            config.settings.translated_languages)
            print(f"Created {translated}: translate it, then set reviewed: true once staff have read it")
            return 0
        if args.command == "new" and not args.title:
            raise ScaffoldError("title: expected the new item's title, in quotes, after its type")
        if args.command == "new":
            today = config.settings.now.astimezone(config.settings.timezone).date()
            # An event dated ahead with --date is still announced today.
            created = create(config.content_dir, config.types, args.type, args.title, args.date or today,
                             _last_numbers(config), written=today)
            print(f"Created {created}")
            return 0
        if args.command == "bulletin":
            site = load_site(config.content_dir, config.settings, config.types)
            print(f"Drafted {draft(site, config.content_dir, args.since, args.until)}")
            return 0
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    except ContentErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse rejects unknown commands


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2023-08-31, found '{text}'") from None


def _last_numbers(config: SiteConfig) -> dict[str, int]:
    """The highest number each type holds in a field numbered uniquely (the last bulletin's), for `new`."""
    numbers: dict[str, int] = {}
    for record in check_content(config.content_dir, config.settings, config.types).records:
        for spec in config.types.fields(record.kind):
            value = getattr(record.data, spec.name, None)
            if spec.unique and isinstance(value, int):
                numbers[record.kind] = max(numbers.get(record.kind, 0), value)
    return numbers


def run_check(config: SiteConfig, output: str) -> int:
    """Print every mistake of content/, one per line, and a count."""
    loaded = check_content(config.content_dir, config.settings, config.types, config.layout)
    errors = sorted(set(loaded.errors))
    logo = _logo_problem(config) or font_problem(config.settings.fonts, config.content_dir)
    if logo is not None:  # the build stops on it (or a font file) before reading content/: check says it too
        print(logo, file=sys.stderr)
    # The build refuses colours that read below WCAG AA before reading content/: check says so in the same lines.
    colours = [f"mkdocs.yml: plugins.network.{line}" for line in contrast_problems(config.settings.network.colours)]
    for line in colours:
        print(line, file=sys.stderr)
    if output == "json":
        print(json.dumps({"errors": [e.as_dict() for e in errors], "count": len(errors),
                          "notices": list(loaded.notices)}, indent=2))
    else:
        for error in errors:
            print(error)
        # Notices are not mistakes: the site builds; they say what staff may want to look at.
        for notice in loaded.notices:
            print(f"notice: {notice}")
        files = len(loaded.records) + len(loaded.pages) + len(loaded.translations)
        noun = "mistake" if len(errors) == 1 else "mistakes"
        print(f"{len(errors)} {noun} in {config.content_dir} ({files} files read).")
    return 1 if errors or logo is not None or colours else 0


def _logo_problem(config: SiteConfig) -> str | None:
    """The build's one line about the network's logo, if it cannot be read (a damaged file, a decompression bomb)."""
    logo = config.settings.network.logo
    if logo is None:
        return None
    try:
        read_logo(config.content_dir / logo)
    except ValueError as error:
        return f"mkdocs.yml: plugins.network.{error}"
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
