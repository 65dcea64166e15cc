"""Ids from titles: lower-case ASCII words joined by hyphens, the same every time."""

from __future__ import annotations

import re

from anyascii import anyascii

MAX_LENGTH = 60


def slugify(title: str, max_length: int = MAX_LENGTH) -> str:
    """'জাতীয় সংলাপ ২০২৩' -> 'jatiy-smlap-2023'; 'Dialogue: “Reach every victim”!' -> 'dialogue-reach-every-victim'."""
    words = re.findall(r"[a-z0-9]+", anyascii(title).lower().replace("'", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "item")
