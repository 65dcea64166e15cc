"""The E-Bulletin's e-mail edition as a mailing tool sends it: a way out for every subscriber, and no broken logo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load
from sitebuild import EXAMPLIA, REPO, mkdocs_build

from generator.content.loading import load_site
from generator.content.settings import placeholder_host
from generator.engine.mkdocs_options import MAILING_TOOLS, PluginOptions, to_settings
from generator.graph.site import Site
from generator.outputs.email_edition import email_files

TEMPLATES = REPO / "templates" / "email"
# The real content is published in the languages the real mkdocs.yml names.
PLUGINS = yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
LANGUAGES = next(entry["network"] for entry in PLUGINS if isinstance(entry, dict) and "network" in entry).get(
    "languages", []
)
NETWORK = {"name": "Bangladesh UN Network on Migration", "short_name": "BDUNNM", "email": "contact@network.un.int",
           "logo": "images/network-logo.png"}


def site_with(site_url: str, **email: Any) -> Site:
    """The real content, with the network plugin's options as mkdocs.yml would give them."""
    options = PluginOptions()
    options.load_dict({"network": NETWORK, "email": email, "now": dt.datetime(2024, 1, 1), "languages": LANGUAGES})
    failed, warnings = options.validate()
    assert not failed and not warnings, (failed, warnings)
    return load_site(REPO / "content", to_settings(options, site_url, "en", preview=False))


def edition(site: Site) -> tuple[BeautifulSoup, str]:
    """The newest bulletin's e-mail edition: its HTML, read as a mail client would, and its plain text."""
    files = email_files(site, {}, TEMPLATES)
    url = site.bulletins[0].url
    return BeautifulSoup(files[f"{url}email.html"], "html.parser"), files[f"{url}email.txt"].decode("utf-8")


def link(soup: BeautifulSoup, text: str) -> str | None:
    found = soup.find("a", string=text)
    return None if found is None else str(found["href"])


@pytest.mark.parametrize("tool", sorted(MAILING_TOOLS))
def test_the_footer_carries_the_mailing_tools_own_unsubscribe_and_preferences_tags(tool: str) -> None:
    unsubscribe, preferences = MAILING_TOOLS[tool]
    soup, text = edition(site_with("https://network.un.int/", tool=tool))
    assert link(soup, "Unsubscribe") == unsubscribe
    assert link(soup, "Update your preferences") == preferences
    assert f"Unsubscribe: {unsubscribe}" in text
    if preferences:
        assert f"Update your preferences: {preferences}" in text
    assert "because you subscribed" in soup.get_text()


def test_merge_tags_written_in_mkdocs_yml_win_over_the_tools() -> None:
    soup, text = edition(site_with("https://network.un.int/", tool="mailchimp", unsubscribe="[[unsub]]",
                                   preferences="[[prefs]]"))
    assert (link(soup, "Unsubscribe"), link(soup, "Update your preferences")) == ("[[unsub]]", "[[prefs]]")
    assert "Unsubscribe: [[unsub]]" in text


def test_without_a_mailing_tool_a_reader_unsubscribes_by_writing_to_the_network() -> None:
    soup, text = edition(site_with("https://network.un.int/"))
    address = link(soup, "Unsubscribe")
    assert address is not None and address.startswith(f"mailto:{NETWORK['email']}?subject=Unsubscribe")
    assert link(soup, "Update your preferences") is None
    assert f"Unsubscribe: mailto:{NETWORK['email']}" in text


def test_an_unknown_mailing_tool_is_a_mistake_in_mkdocs_yml() -> None:
    options = PluginOptions()
    options.load_dict({"network": NETWORK, "email": {"tool": "sendy"}})
    failed, _ = options.validate()
    assert failed and "sendy" in str(failed)


def test_the_logo_is_left_out_only_while_site_url_is_a_placeholder() -> None:
    published, _ = edition(site_with("https://network.un.int/"))
    logo = published.select_one("img.logo")
    assert logo is not None and logo["src"].startswith("https://network.un.int/")
    placeholder, _ = edition(site_with("https://bdunnm.example.org/"))
    assert placeholder.select_one("img.logo") is None, "a logo at example.org could only show as a broken picture"


@pytest.mark.parametrize(
    ("site_url", "placeholder"),
    [
        ("https://bdunnm.example.org/", "bdunnm.example.org"),
        ("https://example.com", "example.com"),
        ("https://migration-network.examplia.test/", "migration-network.examplia.test"),
        ("http://localhost:8000/", "localhost"),
        ("https://bangladesh.un.org/migration/", None),
        ("https://example-network.org/", None),
        ("", None),
    ],
)
def test_a_placeholder_address_is_told_from_a_published_one(site_url: str, placeholder: str | None) -> None:
    assert placeholder_host(site_url) == placeholder


def test_a_placeholder_site_url_is_said_once_at_build_time_and_a_strict_build_still_publishes(tmp_path: Path) -> None:
    result = mkdocs_build(EXAMPLIA / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "a placeholder" in line]
    assert len(said) == 1, result.stderr
    assert said[0].startswith("WARNING") and "site_url is 'https://migration-network.examplia.test/'" in said[0]
