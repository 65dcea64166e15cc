"""The network's colours, from mkdocs.yml: read, completed from one another, and checked for contrast (WCAG 2.1 AA).

A network names its colours in the `network` block (`colours: {primary: "#1a5e20"}`); the site's stylesheet
(templates/assets/network.css) holds the defaults, and the pages of a network that names any carry them as custom
properties. Every colour is checked against what is read on it or what it is read on, with the ratio WCAG asks of
text, so a network's look never makes its site harder to read.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# WCAG 2.1 AA for normal text (1.4.3).
AA_CONTRAST = 4.5
WHITE = "#ffffff"
# The light backgrounds links sit on besides white (network.css): the boxes beside an article (--nw-soft), and
# the note on a translation not yet reviewed.
SOFT = "#f3f6f9"
NOTE = "#e8f1f8"
# The footer's fainter lines (network.css: --md-footer-fg-color--lighter), its faintest text.
FOOTER_FAINT = "#d0dae4"
# How much darker the pressed and hover shades are (the defaults' --md-primary-fg-color--dark is the primary 27%
# darker), and how much darker the footer's last line is than the footer.
DARKER = 0.27
FOOTER_DARKER = 0.45
LIGHTER = 0.15
COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
# What each colour is for, as the mistake names it.
USES = {
    "primary": "the header, the tabs, buttons, the home page's banner and the E-Bulletin's masthead",
    "accent": "menu links under the pointer",
    "links": "links in text",
    "footer": "the footer",
}


@dataclass(frozen=True)
class Colours:
    """The colours a network's pages are drawn in; the defaults are network.css's own."""

    primary: str = "#0b4a7a"
    accent: str = "#0b4a7a"
    links: str = "#0b5a94"
    footer: str = "#062a46"
    # The names the network set in mkdocs.yml: none, and its pages carry no colours of their own.
    given: tuple[str, ...] = field(default=(), compare=False)

    @property
    def primary_dark(self) -> str:
        return darker(self.primary, DARKER)

    @property
    def primary_light(self) -> str:
        return lighter(self.primary, LIGHTER)

    @property
    def footer_last_line(self) -> str:
        return darker(self.footer, 0.3)

    @property
    def custom_properties(self) -> str:
        """The stylesheet's custom properties set to these colours, as one CSS rule (empty when none was given)."""
        if not self.given:
            return ""
        values = {
            "--md-primary-fg-color": self.primary,
            "--md-primary-fg-color--light": self.primary_light,
            "--md-primary-fg-color--dark": self.primary_dark,
            "--md-accent-fg-color": self.accent,
            "--md-accent-fg-color--transparent": self.accent + "1a",
            "--md-typeset-a-color": self.links,
            "--md-footer-bg-color": self.footer,
            "--nw-footer-last-line-bg-color": self.footer_last_line,
        }
        return ':root,[data-md-color-scheme=default]{' + "".join(f"{k}:{v};" for k, v in values.items()) + "}"


def read_colours(given: object) -> Colours:
    """The network's colours from mkdocs.yml's `colours:`; the ones left out follow the primary; ValueError if wrong."""
    if not given:
        return Colours()
    if not isinstance(given, Mapping):
        raise ValueError(f"network.colours: expected colours by name ({', '.join(USES)}), found {given!r}")
    found: dict[str, str] = {}
    for name, value in given.items():
        if name not in USES:
            raise ValueError(f"network.colours.{name}: expected one of {', '.join(USES)}, found a colour not known")
        if not isinstance(value, str) or not COLOUR.fullmatch(value.strip()):
            raise ValueError(f"network.colours.{name}: expected a colour like \"#0b4a7a\" (in quotes), found {value!r}")
        found[str(name)] = _six_digits(value.strip())
    primary = found.get("primary", Colours.primary)
    following = {"accent": primary, "links": primary, "footer": darker(primary, FOOTER_DARKER)} \
        if "primary" in found else {}
    return Colours(**{**following, **found}, given=tuple(found))


def _six_digits(colour: str) -> str:
    digits = colour.lstrip("#").lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def _channels(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def darker(colour: str, amount: float) -> str:
    """The colour mixed with black by `amount` (0 to 1)."""
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in _channels(colour))


def lighter(colour: str, amount: float) -> str:
    """The colour mixed with white by `amount` (0 to 1)."""
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in _channels(colour))


def luminance(colour: str) -> float:
    """The relative luminance of a '#RRGGBB' colour (WCAG 2.1)."""
    channels = [c / 255 for c in _channels(colour)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    lighter_one, darker_one = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter_one + 0.05) / (darker_one + 0.05)


@dataclass(frozen=True)
class Pair:
    """Text in one colour on a background in another, as a page shows it."""

    text: tuple[str, str]  # its name and colour
    background: tuple[str, str]

    @property
    def ratio(self) -> float:
        return contrast(self.text[1], self.background[1])

    def said(self) -> str:
        return f"{self.text[0]} ({self.text[1]}) on {self.background[0]} ({self.background[1]})"


def pairs(colours: Colours) -> dict[str, tuple[Pair, ...]]:
    """For each colour a network may set, the text and background pairs it makes on the site's pages."""
    return {
        "primary": (Pair(("white text", WHITE), ("primary", colours.primary)),),
        "accent": (Pair(("accent", colours.accent), ("white", WHITE)),),
        "links": (Pair(("links", colours.links), ("white", WHITE)),
                  Pair(("links", colours.links), ("the boxes beside an article", SOFT)),
                  Pair(("links", colours.links), ("the note on a translation not yet reviewed", NOTE))),
        "footer": (Pair(("white text", WHITE), ("footer", colours.footer)),
                   Pair(("the footer's fainter lines", FOOTER_FAINT), ("footer", colours.footer))),
    }


def contrast_problems(colours: Colours) -> list[str]:
    """One line for each colour the network set whose text would read below WCAG AA, naming its weakest pair."""
    lines: list[str] = []
    primary_told = False
    if not colours.given:
        return lines  # the stylesheet's own colours, which tests hold to AA
    for name, made in pairs(colours).items():
        if name not in colours.given and primary_told:
            continue  # a colour that follows a primary already told is the same mistake
        weakest = min(made, key=lambda pair: pair.ratio)
        if weakest.ratio >= AA_CONTRAST:
            continue
        ratio = math.floor(weakest.ratio * 100) / 100  # never rounded up to the ratio it misses
        lines.append(
            f"network.colours.{name}: expected a contrast of at least {AA_CONTRAST}:1 (WCAG AA) for "
            f"{weakest.said()}, used for {USES[name]}, found {ratio:.2f}:1"
            + ("" if name in colours.given else f" ({name} is the primary's where not set: set {name} too)")
        )
        primary_told = primary_told or name == "primary"
    return lines
