"""The site's accessibility statement and privacy notice, said from what the site is: its languages, its contact,
the mailing tool that sends its e-mail edition, and the checks its pages pass on every change of the generator."""

from __future__ import annotations

from dataclasses import dataclass

from babel.lists import format_list
from markupsafe import Markup

from generator.content.signup import TOOL_NAMES
from generator.graph import languages
from generator.graph.site import Site

# The standard the site's pages are built and tested to (DESIGN.md: WCAG 2.1 AA).
STANDARD = "WCAG 2.1 AA"
# The checks the generator's tests run on every change (tests/): each is one sentence of the statement.
CHECKS = ("tested_axe", "tested_html", "tested_keyboard", "tested_layout")
# What a mailing tool is called where the notice names it (as the sign-up form names it).
MAILING_TOOL_NAMES = TOOL_NAMES


@dataclass(frozen=True)
class Statement:
    """What both pages say of the site, in the graph's language."""

    network: str
    email: str | None
    languages: str  # the site's languages, named in the page's language and joined as a list
    mailing_tool: str | None
    checks: tuple[str, ...] = CHECKS
    standard: str = STANDARD

    @property
    def email_link(self) -> Markup:
        """The network's address as a link to write to it."""
        return Markup('<a href="mailto:{0}">{0}</a>').format(self.email or "")


def statement(site: Site) -> Statement:
    """The facts the accessibility statement and the privacy notice state, for a page in the graph's language."""
    settings = site.settings
    names = [languages.name_in(language.code, settings.locale) for language in settings.languages]
    tool = settings.mailing.tool
    return Statement(
        network=settings.network.name,
        email=settings.network.email,
        languages=format_list(names, locale=languages.locale_of(settings.locale)),
        mailing_tool=MAILING_TOOL_NAMES.get(tool, tool) if tool else None,
    )
