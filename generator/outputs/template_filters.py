"""The filters templates call that depend on the page they are on: its language, its tree, its words and digits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, TemplateNotFound, pass_context
from markupsafe import Markup

from generator.content import build_now
from generator.content.registry import Registry
from generator.graph import languages
from generator.graph.formatting import DEFAULT_LOCALE, FILTERS, LOCALE_KEY
from generator.graph.site import Item
from generator.graph.tags import tag_url
from generator.outputs import presentation


@pass_context
def lang_attr(context: Any, thing: Any) -> Markup:
    """`item | lang_attr`: ` lang="en"` where the item's words are in another language than the page's."""
    return presentation.in_language(thing, context.get("page_language"))


@pass_context
def language_name(context: Any, code: str) -> str:
    """`'en' | language_name`: the language's name in the page's words ('ইংরেজি' on a Bangla page)."""
    return presentation.language_name(code, context.get(LOCALE_KEY) or DEFAULT_LOCALE)


@pass_context
def here(context: Any, path: str) -> str:
    """`'news/' | here`: a section's address in the page's language tree ('bn/news/' on a Bangla page)."""
    graph = context.get("graph")
    return f"{graph.settings.prefix}{path}" if graph is not None else path


@pass_context
def date_block(context: Any, item: Item) -> presentation.DateBlock | None:
    """`item | date_block`: an event's calendar leaf in the page's words and digits."""
    return presentation.date_block(item, context.get(LOCALE_KEY) or DEFAULT_LOCALE)


@pass_context
def zone_name(context: Any, zone: str) -> str:
    """`'Asia/Dhaka' | zone_name`: the time zone by its city, in the page's words ('Dhaka', 'ঢাকা')."""
    return languages.zone_city(zone, context.get(LOCALE_KEY) or DEFAULT_LOCALE)


def card_views(types: Registry | None) -> Callable[..., presentation.CardView]:
    """The `card_view` filter of one build: each card's view made once for each item and page language, locale and
    words (what it is made from), and used again on every page that shows the card."""
    made: dict[tuple[Any, ...], tuple[presentation.CardView, tuple[build_now.Asked, ...]]] = {}

    @pass_context
    def card_view(context: Any, item: Any) -> presentation.CardView:
        """`item | card_view`: what the item's card says on this page, its link aside."""
        key = (item, context.get("page_language"), context.get(LOCALE_KEY) or DEFAULT_LOCALE, context.get("t"))
        found = made.get(key)
        if found is None:
            with build_now.noting() as asked:
                view = presentation.card_view(*key, types=types)
            found = made[key] = (view, build_now.distinct(asked))
        elif found[1]:
            build_now.tell(found[1])  # what making it asked of the build's 'now', this page asks too
        return found[0]

    return card_view


def has_template(env: Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except TemplateNotFound:
        return False
    return True


@pass_context
def tag_url_filter(context: Any, label: str) -> str:
    """`tag | tag_url`: the tag's page in the language of the page it is on."""
    return tag_url(label, context["graph"].settings.prefix)


def kinds_differ(items: Any) -> bool:
    """`items | kinds_differ`: whether the items are of more than one kind (a card then says its kind)."""
    return len({item.kind for item in items}) > 1


# Every filter a page's templates may call but `picture`, which needs the build's pictures.
PAGE_FILTERS: dict[str, Callable[..., Any]] = {
    **FILTERS,
    "swatch": presentation.topic_swatch,
    "date_block": date_block,
    "tag_url": tag_url_filter,
    "related_cards": presentation.related_cards,
    "topic_heading": presentation.topic_heading,
    "lang_attr": lang_attr,
    "lang_attr_within": presentation.back_in_language,
    "dir_within": presentation.direction_within,
    "language_name": language_name,
    "here": here,
    "kinds_differ": kinds_differ,
    "zone_name": zone_name,
}
