"""The Subscribe page as a reader of each language meets it."""

from __future__ import annotations

from pathlib import Path

import yaml
from lxml import html
from sitebuild import REPO


def group_names(language: str) -> set[str]:
    table = yaml.safe_load((REPO / "generator" / "strings" / f"{language}.yml").read_text(encoding="utf-8"))
    return set(table["subscribe"]["groups"].values())


def test_each_feed_table_is_captioned_with_its_groups_name_in_the_pages_language(real_site: Path) -> None:
    for language, path in (("en", "subscribe/index.html"), ("bn", "bn/subscribe/index.html")):
        page = html.fromstring((real_site / path).read_bytes())
        captions = [caption.text_content().strip() for caption in page.xpath("//table/caption")]
        assert captions, f"{path} lists no feeds"
        assert set(captions) <= group_names(language), f"{path}: captions not from its table: {captions}"
        assert len(captions) == len(set(captions)), f"{path}: two tables of one group: {captions}"
