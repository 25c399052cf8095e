"""Text hygiene: characters that the files we write refuse are taken out of
text on its way in (every form, the returns' commentary) and again on its
way out (every XLSX and DOCX writer), so that old rows written before this
cleaning cannot break an export either.

openpyxl raises IllegalCharacterError and python-docx (lxml) a ValueError
for C0 control characters other than tab, LF and CR; lxml also refuses
U+FFFE, U+FFFF and lone surrogates. We also drop DEL and the C1 controls
(never typed on purpose: they arrive from mis-decoded text) and the bidi
embedding, override and isolate controls, which can make a cell or a
paragraph display in an order other than the one stored (the "Trojan
Source" trick); the left-to-right and right-to-left marks stay, as they are
legitimate in mixed-direction text."""

from __future__ import annotations

import re
from typing import Any

# A vertical tab is how Word pastes a manual line break, and a form feed a
# page break: both become a line break rather than vanishing.
_LINE_BREAKS = re.compile("[\x0b\x0c]")
_REFUSED = re.compile(
    "["
    "\x00-\x08\x0e-\x1f"  # C0 controls, except tab, LF, VT, FF and CR
    "\x7f-\x9f"  # DEL and the C1 controls
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides and isolates
    "\ud800-\udfff"  # lone surrogates (cannot be written as UTF-8)
    "\ufdd0-\ufdef\ufffe\uffff"  # noncharacters
    "]"
)


def clean_text(value: str) -> str:
    """`value` without the characters that XLSX, DOCX, PDF or an email would
    refuse or misrender. Tab, LF and CR are kept; VT and FF become LF."""
    if not value:
        return value
    return _REFUSED.sub("", _LINE_BREAKS.sub("\n", value))


def clean_value(value: Any) -> Any:
    """clean_text for a string; anything else unchanged."""
    return clean_text(value) if isinstance(value, str) else value


class CleanTextMixin:
    """For every form (put it first among the bases): whatever the user
    typed is cleaned with clean_text before any field sees it, so every
    field, its validation and the value shown back on an error all get the
    cleaned text. `tests/trust/test_text_hygiene.py` fails for a form in
    the apps without it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = getattr(self, "data", None)
        if not data:
            return
        if hasattr(data, "lists"):  # a QueryDict: several values per key
            cleaned = data.copy()
            for key, values in data.lists():
                cleaned.setlist(key, [clean_value(v) for v in values])
            cleaned._mutable = False
        else:
            cleaned = {
                key: [clean_value(v) for v in value]
                if isinstance(value, list | tuple)
                else clean_value(value)
                for key, value in data.items()
            }
        self.data = cleaned
