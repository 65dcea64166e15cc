"""Files editors and tools make beside the one they save (swap, backup, lock, temporary files): never content."""

from __future__ import annotations

import re

# Each pattern is a whole file name; who makes it is said beside it.
# One pattern of them all: a preview asks this of every file on every save.
_LEFTOVERS = re.compile("|".join(
    f"(?:{pattern})"
    for pattern in (
        r".+~",  # a backup: vim, Emacs, nano, gedit (x.md~, x.md.~1~)
        r"#.+#",  # Emacs' auto-save of a file being edited
        r"\.#.+",  # Emacs' lock: a link to nowhere while a file is being edited
        r"[._].+\.sw[a-p]",  # vim's swap (.x.md.swp; _x.md.swp on Windows)
        r"sed[A-Za-z0-9]{6}",  # `sed -i`'s new file, renamed over the old one
        r".+\.vsctmp",  # VS Code's atomic save
        r".+___jb_(tmp|old)___",  # JetBrains' safe write
        r".+\.crswap",  # a browser editor's save (the File System Access API)
        r"~\$.+",  # Microsoft Office's lock beside an open document
        r"\.goutputstream-.+",  # gedit's and GNOME's atomic save
    )
))
# vim checks it may write a folder by creating 4913 (or 4913 + 123 * n when that exists) and deleting it.
_VIM_CHECK, _VIM_STEP = 4913, 123


def is_editor_leftover(name: str) -> bool:
    """Whether a file named `name` is one an editor or tool makes while saving another, rather than content."""
    # ASCII digits only: int() refuses superscripts ("²".isdigit() is true) and numbers of over 4,300 digits.
    if name.isascii() and name.isdigit() and len(name) < 10:
        return int(name) >= _VIM_CHECK and (int(name) - _VIM_CHECK) % _VIM_STEP == 0
    return _LEFTOVERS.fullmatch(name) is not None
