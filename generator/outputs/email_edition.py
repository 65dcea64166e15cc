"""The E-Bulletin's e-mail edition: one HTML file for mail clients, its plain-text twin, and both as one ready
multipart/alternative message (.eml) to import into a mailing tool or send.

Mail clients ignore style sheets and most layout, so the edition is a 600px table layout with every style inlined
(by css-inline, the <style> left out) and every address absolute. Gmail clips a message over about 102 KB, hiding
its end and the way to unsubscribe, so the build says when an edition is heavier than EMAIL_LIMIT.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sized
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path
from urllib.parse import quote

import css_inline
import html2text
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from generator.content.dates import KnownDate, PartialDate
from generator.content.settings import placeholder_host
from generator.graph import languages
from generator.graph.formatting import day, month
from generator.graph.site import Item, Page, Site
from generator.outputs import icons
from generator.outputs.feeds import FeedWriter, absolute

EMAIL_HTML = "email.html"
EMAIL_TEXT = "email.txt"
EMAIL_MESSAGE = "email.eml"
# Gmail clips a message's HTML beyond about 102 KB: the edition stays below, with room for the tool's own lines.
EMAIL_LIMIT = 100 * 1024


@dataclass(frozen=True)
class EmailEntry:
    """One item of the bulletin as the e-mail shows it."""

    kind: str
    language: str  # the language its words are in: the edition's, or the original's where not translated
    label: str  # 'ইংরেজি ভাষায়' where it is in another language than the edition, else ''
    title: str
    date: str
    summary: str
    url: str
    image_url: str | None
    image_alt: str
    direction: str = "ltr"  # the direction its words run in: 'rtl' for Arabic


@dataclass(frozen=True)
class Leaving:
    """The edition's last lines: why the reader gets it, and how to unsubscribe or change what they get."""

    reason: str
    unsubscribe_url: str | None
    preferences_url: str | None


def leaving(site: Site) -> Leaving:
    """The mailing tool's merge tags from mkdocs.yml, or a reply to the network's address to unsubscribe."""
    network, mailing, words = site.settings.network, site.settings.mailing, site.strings
    unsubscribe = mailing.unsubscribe
    if unsubscribe is None and network.email:
        unsubscribe = f"mailto:{network.email}?subject={quote(words('email.unsubscribe_subject'))}"
    return Leaving(
        reason=words("email.reason", network=network.name),
        unsubscribe_url=unsubscribe,
        preferences_url=mailing.preferences,
    )


@dataclass(frozen=True)
class AboutBox:
    """The network's 'about' box: who it is, who is in it, how to reach it."""

    name: str
    description: str
    founded: str
    coordinators: tuple[str, ...]
    members: tuple[str, ...]
    twgs: tuple[str, ...]
    email: str | None
    site_url: str


def about_box(site: Site) -> AboutBox:
    """The 'about the network' facts, derived from the content and mkdocs.yml."""
    network = site.settings.network
    words = site.strings
    comma = words("item.list_separator")  # the Arabic comma in Arabic
    coordinators = tuple(
        f"{org.short_name} ({comma.join(words(f'roles.{r}') for r in org.roles if r != 'member')})"
        for org in site.of_kind("organizations")
        if {"coordinator", "secretariat"} & set(org.roles)
    )
    return AboutBox(
        name=network.name,
        description=network.description,
        founded=_period(network.founded, site.settings.locale),
        coordinators=coordinators,
        members=tuple(org.short_name for org in site.with_role("member")),
        twgs=tuple(
            f"{twg.title} ({twg.short_name}{comma}{words(f'statuses.{twg.status}')})" for twg in site.of_kind("twgs")
        ),
        email=network.email,
        site_url=absolute(site.settings, ""),
    )


def _entry(entry: Item | Page, site: Site) -> EmailEntry:
    image = entry.image
    here = site.settings.language
    label = site.strings("languages.written_in", language=languages.name_in(entry.language, site.settings.locale))
    return EmailEntry(
        kind=entry.kind_label,
        language=entry.language,
        direction=languages.direction(entry.language),
        label=label if entry.language != here else "",
        title=entry.title,
        date=day(entry.date_shown, site.settings.locale) if entry.published else "",
        summary=entry.summary,
        url=absolute(site.settings, entry.url),
        image_url=absolute(site.settings, image.src) if image is not None and "://" not in image.src else (
            image.src if image is not None else None
        ),
        image_alt=image.alt if image is not None else "",
    )


def email_files(site: Site, bodies: Mapping[str, str], templates: Path) -> dict[str, bytes]:
    """The e-mail edition of every bulletin, beside its web page: bulletins/<n>/email.html and .txt."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    html_template, text_template = env.get_template("bulletin.html"), env.get_template("bulletin.txt")
    writer = FeedWriter(site, bodies)
    about = about_box(site)
    # Gmail and Outlook ignore much of <style>: every rule is written into the elements, and the sheet left out.
    inliner = css_inline.CSSInliner(keep_style_tags=False)
    files: dict[str, bytes] = {}
    for bulletin in (item for t in site.types if t.email_edition for item in site.of_kind(t.folder)):
        if not bulletin.localized:
            continue  # a bulletin not translated has its e-mail edition in the default language only
        context = _context(bulletin, site, writer, about)
        html = inliner.inline(html_template.render(context))
        text = text_template.render(context)
        files[f"{bulletin.url}{EMAIL_HTML}"] = html.encode("utf-8")
        files[f"{bulletin.url}{EMAIL_TEXT}"] = text.encode("utf-8")
        files[f"{bulletin.url}{EMAIL_MESSAGE}"] = message(site, context, html, text)
    return files


def message(site: Site, context: Mapping[str, object], html: str, text: str) -> bytes:
    """The edition as one multipart/alternative message, plain text first (RFC 2046: the richest part last)."""
    network = site.settings.network
    mail = EmailMessage(policy=policy.SMTP)
    mail["Subject"] = f"{context['heading']} · {context['period']}: {context['title']}"
    if network.email:
        # Written out rather than parsed: an address mkdocs.yml got wrong still makes a message, not a traceback.
        mail["From"] = formataddr((network.name, network.email))
    leaving = context["leaving"]
    if isinstance(leaving, Leaving) and leaving.unsubscribe_url and leaving.unsubscribe_url.startswith("mailto:"):
        # A tool's merge tag is not an address yet: the tool writes its own List-Unsubscribe.
        mail["List-Unsubscribe"] = f"<{leaving.unsubscribe_url}>"
    mail.set_content(text, subtype="plain", charset="utf-8")
    mail.add_alternative(html, subtype="html", charset="utf-8")
    mail["Content-Language"] = site.settings.language  # after the parts: setting them clears Content-* headers
    # The same edition makes the same file: the parts' boundary comes from what they say, not from chance.
    mail.set_boundary("=_" + hashlib.sha256((text + html).encode("utf-8")).hexdigest()[:32])
    return mail.as_bytes()


def heavier_than_clients_show(files: Mapping[str, Sized]) -> list[str]:
    """One line for each e-mail edition whose HTML Gmail would clip, naming it and its size."""
    return [
        f"{path}: the e-mail edition is {len(data) // 1024} KB, over the {EMAIL_LIMIT // 1024} KB Gmail shows before "
        "it clips a message (hiding the link to unsubscribe): let the bulletin carry fewer items or shorter summaries"
        for path, data in sorted(files.items())
        if path.endswith(EMAIL_HTML) and len(data) > EMAIL_LIMIT
    ]


def plain_text(html: str) -> str:
    """HTML as readable plain text, links written out in full (for the text/plain alternative)."""
    converter = html2text.HTML2Text()
    converter.body_width = 72
    converter.inline_links = True
    converter.ignore_images = True
    converter.unicode_snob = True
    return converter.handle(html).strip()


def _period(when: KnownDate | None, locale: str) -> str:
    # The month an edition covers; a year alone where that is all its date says.
    if when is None:
        return ""
    return day(when, locale) if isinstance(when, PartialDate) else month(when, locale)


def _context(bulletin: Item, site: Site, writer: FeedWriter, about: AboutBox) -> dict[str, object]:
    # A type with an e-mail edition (`email_edition`) gives its items a `heading` and a month (`when`) besides.
    introduction = writer.absolute_body(bulletin)
    return {
        "bulletin": bulletin,
        "heading": getattr(bulletin, "heading", bulletin.kind_label),
        "period": _period(bulletin.when, site.settings.locale),
        "title": bulletin.title,
        "introduction_html": introduction,
        "introduction_text": plain_text(introduction),
        "entries": tuple(_entry(entry, site) for entry in bulletin.carries),
        "web_url": absolute(site.settings, bulletin.url),
        # The feeds' image size: sharp at the masthead's 48px on dense screens, yet light. At a placeholder
        # address (example.org) it could only show as a broken picture: the build says so instead.
        "logo_url": absolute(site.settings, icons.icon_path(icons.FEED_IMAGE))
        if site.settings.network.logo and placeholder_host(site.settings.site_url) is None else None,
        "leaving": leaving(site),
        "about": about,
        "language": site.settings.language,
        "direction": languages.direction(site.settings.language),
        # The masthead and links in the network's colour (mkdocs.yml), the stylesheet's where it names none.
        "colours": site.settings.network.colours,
        "t": site.strings,
    }
