"""The content types every network has, in the order readers meet them."""

from __future__ import annotations

from generator.content.registry import Registry
from generator.content.types import bulletins, events, news, organizations, practices, twgs

BUILT_IN = Registry(module.TYPE for module in (news, events, practices, bulletins, twgs, organizations))
