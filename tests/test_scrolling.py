"""Tables and code staff write in Markdown can be scrolled sideways with the keyboard on a phone."""

from __future__ import annotations

import markdown
from lxml import html

from generator.outputs.scrolling import ScrollingBlocks

TABLE = "| Year | Returnees |\n| --- | --- |\n| 2023 | 1,200 |\n"


def regions(source: str) -> list[html.HtmlElement]:
    rendered = markdown.markdown(source, extensions=["tables", "toc", "attr_list", ScrollingBlocks()],
                                 extension_configs={"toc": {"permalink": True}})
    return html.fragment_fromstring(rendered, create_parent="div").xpath("//table/..")


def test_a_table_sits_in_a_focusable_region_named_after_the_heading_above_it() -> None:
    [region] = regions(f"## Returns by year\n\nSome text.\n\n{TABLE}")
    assert region.get("role") == "region"
    assert region.get("tabindex") == "0"
    assert region.get("aria-label") == "Returns by year"


def test_a_table_before_any_heading_is_still_named() -> None:
    [region] = regions(TABLE)
    assert region.get("aria-label")


def test_each_table_takes_the_name_of_its_own_heading() -> None:
    names = [region.get("aria-label") for region in regions(f"## First\n\n{TABLE}\n## Second\n\n{TABLE}")]
    assert names == ["First", "Second"]


def test_a_code_block_can_be_reached_with_the_keyboard() -> None:
    rendered = markdown.markdown("Run:\n\n    mkdocs build --strict\n", extensions=[ScrollingBlocks()])
    [code] = html.fragment_fromstring(rendered, create_parent="div").xpath("//pre/code")
    assert code.get("tabindex") == "0"
