"""Templates as Jinja compiled them, kept for the next build.

Every build of a site compiled the theme's templates and ours anew: Jinja parses each one and Python compiles the
code Jinja makes from it, 20 templates and 0.12 s of every build whatever its size. The compiled code is kept in the
build cache. Jinja itself compares each template's text with the one
its code was compiled from, and compiles again any that changed; what else shapes the code (the filters and tests
the templates may call and how they are called, the delimiters, escaping, extensions and policies) is the key the
whole set is kept under, so that a template is never run as compiled for another environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from generator.fast.build_cache import BuildCache, digest, stable_text

# What a build of the Environment's code depends on besides the template's own text: the settings Jinja's lexer and
# code generator read (jinja2/lexer.py, jinja2/compiler.py).
_SETTINGS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
    "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized", "is_async",
)


def compiling_text(env: Environment) -> str:
    """A text of everything besides a template's own text that the code Jinja compiles it to depends on."""
    parts: list[str] = [f"{name}={getattr(env, name, None)!r}" for name in _SETTINGS]
    parts.append(f"autoescape={_named(env.autoescape)}")
    parts.append(f"finalize={_named(env.finalize)}")
    parts.append("extensions=" + ",".join(sorted(env.extensions)))
    # The code calls a filter or test with the context, the evaluation context or the environment when it asks for
    # one (@pass_context …), decided as the template is compiled; and a name no filter has is a compiling error.
    parts.append("filters=" + _callables(env.filters))
    parts.append("tests=" + _callables(env.tests))
    parts.append("policies=" + stable_text(dict(env.policies)))
    return "\n".join(parts)


def _callables(named: Mapping[str, Any]) -> str:
    return ",".join(f"{name}:{getattr(function, 'jinja_pass_arg', None)}" for name, function in sorted(named.items()))


def _named(value: object) -> str:
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    return repr(value)


class CompiledTemplates(BytecodeCache):
    """The compiled templates of one environment, from the last build (a preview's, or the build cache's) for this one.

    `use` before the environment's first template is loaded; `keep` when the build is done.
    """

    def __init__(self) -> None:
        self._env: Environment | None = None
        self._cache: BuildCache | None = None
        self._key: bytes | None = None  # of the current environment, once its first template is asked for
        self._compiled: dict[str, bytes] = {}  # each template's bucket → its code, compiled for `_compiled_for`
        self._compiled_for: bytes | None = None
        self._changed = False

    def use(self, env: Environment, cache: BuildCache | None) -> None:
        """Give `env` its templates compiled before, and keep in `cache` those it compiles."""
        env.bytecode_cache = self
        self._env, self._cache, self._key, self._changed = env, cache, None, False

    def load_bytecode(self, bucket: Bucket) -> None:
        if self._key is None:
            self._start()
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)  # thrown away by Jinja if the template's text has changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
        self._changed = True

    def keep(self) -> None:
        """Keep what this build compiled for the next (in the build cache, where there is one)."""
        if self._cache is not None and self._key is not None:
            if self._changed:
                self._cache.put(self._key, dict(self._compiled))
            else:
                self._cache.keep(self._key)  # a preview's next builds take them from memory: still in use
        self._changed = False

    def _start(self) -> None:
        # Read at the first template, not at `use`: a network's hook may add filters to the environment after ours.
        assert self._env is not None, "CompiledTemplates.use comes first"
        text = compiling_text(self._env)
        self._key = self._cache.key("compiled templates", text) if self._cache is not None \
            else digest("compiled templates", text)
        if self._key != self._compiled_for:  # a preview's last build compiled them for this environment already
            kept = self._cache.get(self._key) if self._cache is not None else None
            self._compiled = dict(kept) if isinstance(kept, dict) else {}
            self._compiled_for = self._key
