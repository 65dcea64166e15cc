"""The plugin's options in mkdocs.yml, typed as MkDocs config (as mkdocs-material's plugins do)."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c

# All here but the typed options is engine-neutral, in generator.pipeline.options: the CLI reads it without MkDocs.
from generator.pipeline.options import (
    HOST_FILE_LIMIT,
    MAILING_TOOLS,
    SEARCH_PART_PAGES,
    content_types,
    missing_templates,
    to_settings,
)

__all__ = ["MAILING_TOOLS", "EditorOptions", "EmailOptions", "NetworkOptions", "PluginOptions", "content_types",
           "missing_templates", "to_settings"]


class NetworkOptions(base.Config):
    """Who the site speaks for: every fact about the network lives here or in content/."""

    name = c.Type(str)
    short_name = c.Type(str)
    founded = c.Optional(c.Type((str, int, dt.date)))  # a day, or only a month (2019-07) or a year (2019)
    email = c.Optional(c.Type(str))
    country = c.Optional(c.Type(str))
    description = c.Type(str, default="")
    logo = c.Optional(c.Type(str))
    # Its colours by name (primary, accent, links, footer: "#0b4a7a"), checked for contrast; unset, the stylesheet's.
    colours = c.Type(dict, default={})
    # The network's name, short name, country and description in the site's other languages: {bn: {name: …}}.
    translations = c.Type(dict, default={})


class EditorOptions(base.Config):
    """Where the browser editor (/admin/) commits; the repository itself is MkDocs' `repo_url`."""

    branch = c.Type(str, default="main")
    # The OAuth proxy that signs staff in to GitHub (see the guide); none for the local backend alone.
    base_url = c.Optional(c.Type(str))
    auth_endpoint = c.Optional(c.Type(str))
    # decap-server's address when it does not run at its default, http://localhost:8081/api/v1.
    local_backend = c.Optional(c.Type(str))


class EmailOptions(base.Config):
    """The e-mail edition's footer (which mailing tool sends it, or its merge tags written out) and the sign-up form."""

    tool = c.Optional(c.Choice(tuple(MAILING_TOOLS)))
    unsubscribe = c.Optional(c.Type(str))
    preferences = c.Optional(c.Type(str))
    # The address the tool's sign-up form posts to, from its embed code; listmonk's also names the lists joined.
    signup = c.Optional(c.Type(str))
    lists = c.ListOfItems(c.Type(str), default=[])


class PluginOptions(base.Config):
    """Options of the `network` plugin."""

    network = c.SubConfig(NetworkOptions)
    timezone = c.Type(str, default="Asia/Dhaka")
    # Fixes the build's notion of now (ISO date-time); else SOURCE_DATE_EPOCH, else the clock.
    now = c.Optional(c.Type((str, dt.date)))
    per_page = c.Type(int, default=10)
    feed_limit = c.Type(int, default=50)
    home_count = c.Type(int, default=5)
    # The languages the site is published in, the default first: a code (bn), or a code and the locale its
    # dates are written in ({code: en, locale: en_GB}). Unset: the theme's language alone.
    languages = c.ListOfItems(c.Type((str, dict)), default=[])
    # A network's own content types: Python modules beside mkdocs.yml, each declaring TYPE (generator.content.registry).
    content_types = c.ListOfItems(c.Type(str), default=[])
    editor = c.SubConfig(EditorOptions)
    email = c.SubConfig(EmailOptions)
    # Keep what a build works out (parsed files, rendered bodies) in .cache/network-site/ beside mkdocs.yml.
    cache = c.Type(bool, default=True)
    # Processes rendering Markdown bodies beside MkDocs' own loop: unset, one per core besides the first.
    workers = c.Optional(c.Type(int))
    # The most pages one Pagefind process indexes (the parts are joined into one index; a site of more pages has
    # parts of about half this): fewer pages, less memory (about 300 MB at 1,500), and less indexed again after an edit.
    search_part_pages = c.Type(int, default=SEARCH_PART_PAGES)
    # Parts many pages show alike (menu, tabs, header, footer) rendered once and reused; off, every page renders
    # its own (what a test compares the shared pages with).
    shared_parts = c.Type(bool, default=True)
    # The most files the site's host takes (Cloudflare Pages' free plan: 20,000): a site that would hold more has
    # its search index's page texts packed a few to a file (generator/fast/search_packs.py).
    host_file_limit = c.Type(int, default=HOST_FILE_LIMIT)
    # The network's own fonts by script, files inside content/: {Arab: {family: …, regular: …, bold: …, names: …}};
    # the package's Noto cuts serve the scripts it names none for.
    fonts = c.Type(dict, default={})
