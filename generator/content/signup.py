"""The e-mail sign-up form: a plain HTML form that posts to the network's mailing tool, as each tool expects it.

Nothing reaches the tool until a reader presses Subscribe: no script, no frame, no picture from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from generator.content.settings import Mailing

# A listmonk list's UUID, as its Lists page shows it.
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
# Hosts a form may post to over plain http: the same machine (a tool run beside the site, or a test's endpoint).
LOOPBACK = ("localhost", "127.0.0.1", "::1")
# What a mailing tool is called where the site names it (the form's privacy words, the privacy notice).
TOOL_NAMES = {"listmonk": "listmonk", "mailchimp": "Mailchimp", "buttondown": "Buttondown"}
# What staff copy from each tool: the form's address, as the tool's own embed code gives it.
WHERE = {
    "listmonk": "listmonk's public form address, like https://lists.network.org/subscription/form",
    "mailchimp": "the action of Mailchimp's embedded form, like https://x.us1.list-manage.com/subscribe/post?u=…&id=…",
    "buttondown": "Buttondown's embed address, like https://buttondown.com/api/emails/embed-subscribe/network",
}


@dataclass(frozen=True)
class SignupForm:
    """Where a sign-up posts and what it sends: the reader's address under the tool's field name, and fixed fields."""

    tool: str | None  # None: no mailing tool set, the reader writes to the network instead
    action: str  # the tool's form address, or a mailto: link to the network
    email_field: str = "email"
    hidden: tuple[tuple[str, str], ...] = ()

    @property
    def tool_name(self) -> str:
        """The mailing tool's name as readers are told it."""
        return TOOL_NAMES.get(self.tool or "", self.tool or "")

    @property
    def posts(self) -> bool:
        """A form that posts to a mailing tool, rather than a link to write to the network."""
        return self.tool is not None


def signup_mistake(tool: str | None, signup: str | None, lists: tuple[str, ...]) -> str | None:
    """The first mistake in the sign-up options, as `email.<option>: expected …, found …`, or None."""
    if signup is None:
        if lists:
            return f"email.lists: expected email.signup, the form's address, beside them, found only {len(lists)} lists"
        return None
    if tool is None:
        return f"email.tool: expected the mailing tool email.signup posts to ({', '.join(WHERE)}), found none"
    address = urlsplit(signup.strip())
    host = (address.hostname or "").lower()
    if not (address.scheme == "https" or (address.scheme == "http" and host in LOOPBACK)) or not host:
        return f"email.signup: expected {WHERE[tool]} (https), found {signup!r}"
    if tool == "listmonk":
        if not address.path.rstrip("/").endswith("/subscription/form"):
            return f"email.signup: expected {WHERE[tool]}, found {signup!r}"
        if not lists:
            return "email.lists: expected the UUID of each listmonk list readers join (Lists → the list), found none"
        wrong = next((uuid for uuid in lists if not UUID.match(uuid)), None)
        if wrong is not None:
            return f"email.lists: expected listmonk list UUIDs like 0b4c5e6a-…, found {wrong!r}"
    elif lists:
        return f"email.lists: expected no lists for {tool} (its form address names the list), found {len(lists)}"
    if tool == "mailchimp":
        query = parse_qs(address.query)
        if not address.path.rstrip("/").endswith("/subscribe/post") or not query.get("u") or not query.get("id"):
            return f"email.signup: expected {WHERE[tool]}, found {signup!r}"
    if tool == "buttondown":
        parts = address.path.strip("/").split("/")
        if len(parts) != 4 or parts[:3] != ["api", "emails", "embed-subscribe"] or not parts[3]:
            return f"email.signup: expected {WHERE[tool]}, found {signup!r}"
    return None


def signup_form(mailing: Mailing, network_email: str | None) -> SignupForm | None:
    """The sign-up form the site offers: to the network's mailing tool, else a mailto: link, else none."""
    if mailing.signup is None or mailing.tool is None:
        # Percent-encoded (RFC 6068): any address mkdocs.yml gives still makes a valid link.
        return SignupForm(None, f"mailto:{quote(network_email, safe='@+')}") if network_email else None
    action = mailing.signup.strip()
    if mailing.tool == "listmonk":
        # `nonce` is listmonk's trap for robots: people leave it empty; each `l` is one list joined.
        return SignupForm("listmonk", action, "email", (("nonce", ""), *(("l", uuid) for uuid in mailing.lists)))
    if mailing.tool == "mailchimp":
        return SignupForm("mailchimp", action, "EMAIL")
    # Buttondown's embed form says it is one with `embed=1`, and then answers with a page, not JSON.
    return SignupForm("buttondown", action, "email", (("embed", "1"),))
