"""Finding the blanks of a template in a span of prose (PM201), and telling them from status
values, labels and ordinary words.

Blanks: runs of ``_`` standing alone (not ``__bold__`` or ``snake_case__names``), full-width
``＿``, ``<16:00>``, ``<ALL CAPS>``, ``<service-name>`` and ``<Link to the recording>``
placeholders (not HTML, not an escaped ``\\<marker>``), ``XX:XX``, ``22:XX``, ``XX%``, ``$XXX``,
``XX hours``, ``_%``, ``YYYY-MM-DD``, ``MM/DD/YY``, ``HH:MM``, ``?????``, ``{{var}}``,
``_REPLACE_WITH_``, bracketed placeholders in the supported languages (``[Name]``, ``[Author]``,
``[Nom du service]``, ``[One paragraph on …]``), and TBD, TBC, TODO, FIXME and XXX standing in
for content ("We lost TBD users", "Root cause: TODO"). Not blanks: those words as a status
("Status: TODO", a Status, State, Bug or Ticket cell), as a noun ("a TODO comment"), or a
"TODO:" line that introduces a list.
"""

from __future__ import annotations

import re
from functools import cache

from pmlint.htmltags import HTML_TAGS
from pmlint.lang import merged
from pmlint.scripts import HAN_MAIN, HANGUL, KANA, any_in

BLANKS = re.compile(
    "|".join(
        (
            r"(?<![\w\\])(?:\\?_){2,}(?!\w)",  # __ or ____ standing alone (not __bold__)
            r"＿+",  # full-width low lines
            r"(?<!\\)<\d{1,2}:\d{2}(?::\d{2})?>",  # <16:00>
            r"(?<!\\)<[A-Za-z][^<>\n]{0,100}>",  # <TEAM>, <service-name>: checked below
            r"(?<!\\)<\s+[A-Z][^<>\n]{0,100}>",  # < THE CHANGES THAT LED TO THE INCIDENT>
            r"\b(?:XX:XX|HH:MM(?::SS)?|YYYY-MM-DD|MM/DD/YY(?:YY)?|DD/MM/YY(?:YY)?)(?!\w)",
            r"\b\d{1,2}:XX\b|\bXX:\d{2}\b",  # 22:XX
            r"\bXX%|(?<!\w)_%",
            r"(?<![\w$])\$?X{2,}(?![\w%])",  # XX hours, ~XXX requests, $XXX
            r"(?<!\S)\?{3,}(?!\S)",  # ?????
            r"\{\{[^{}\n]{0,100}\}\}",  # {{var}}
            r"\b_?REPLACE_WITH_\w*",
            r"(?<![\[\w])\[[^\[\]\n^]{1,80}\](?![(\[:\]])",  # [Name], [Nom du service]: below
        )
    ),
    re.IGNORECASE,
)
# Every built-in pattern needs one of these: a cheap test before the regular expressions.
TRIGGERS = ("_", "＿", "<", "XX", "HH:MM", "YYYY", "MM/", "DD/", "{{", "[", "???")
_CASE_SENSITIVE = re.compile(r"XX|HH|YYYY|MM|DD|REPLACE_WITH")
# r"(?<![\w-])(?:TBD|TBC|TODO|FIXME|XXX)(?![\w-])", with what may precede a marker checked after
# its first letter, so that the regular expression engine skips ahead to a T, F or X.
MARKERS = re.compile(r"(?:T(?<![\w-]T)(?:BD|BC|ODO)|F(?<![\w-]F)IXME|X(?<![\w-]X)XX)(?![\w-])")
_STATUS_BEFORE = re.compile(
    r"(?:status|state|ticket|bug|jira|issue|progress)\W{0,3}$", re.IGNORECASE
)
_NOUN_BEFORE = re.compile(
    r"\b(?:a|an|the|this|that|these|those|our|any|no|each|every|some|its|their)\s+$",
    re.IGNORECASE,
)
_NOUN_AFTER = re.compile(
    r"^\s+(?:comments?|lists?|items?|markers?|notes?|files?|tags?|entries|tasks?)\b", re.I
)


@cache
def placeholder_words() -> frozenset[str]:
    """Words that a bracketed placeholder names ("Name", "Nom", "Datum"), every language."""
    return frozenset(w.lower() for w in merged("words", "placeholders"))


def is_placeholder(match: str) -> bool:
    """Filters the broad patterns: case-sensitive markers, angle brackets that are not HTML,
    square brackets that are not a placeholder."""
    if match.startswith("<") and not match[1:2].isdigit():
        return _angle(match[1:-1])
    if match.startswith("["):
        return _bracket(match[1:-1])
    m = _CASE_SENSITIVE.search(match)
    if m is not None and match.lstrip("[_\\$").upper().startswith(m.group(0)):
        return m.group(0) in match  # XX:XX, YYYY-MM-DD, XXX only in capitals
    return True


def _angle(inner: str) -> bool:
    if re.match(r"\s*[a-z][\w+.-]*:", inner, re.I) or "   " in inner:
        return False  # <https://...> (its address masked), <mailto:...>
    letters = [c for c in inner if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True  # <TEAM>, < THE CHANGES THAT LED TO THE INCIDENT>
    if "=" in inner or '"' in inner or "/" in inner:
        return False  # an HTML tag with attributes, a path
    words = re.findall(r"[^\W\d_]+", inner.lower())
    if len(words) >= 3 and words[0] in placeholder_words():
        return True  # <Link to the recording>: words, not a tag's attributes
    name = re.match(r"[A-Za-z][\w-]*", inner)
    if name is None or name.group(0).lower() in HTML_TAGS:
        return False  # <b>, a < b
    return name.group(0) == inner or (len(words) >= 2 and words[0] in placeholder_words())


def _bracket(inner: str) -> bool:
    text = inner.strip()
    if not text or text.isdigit() or text.lower() in ("x", " ") or text[0] in "!#@^":
        return False
    if "   " in inner:
        return False  # a link inside it, masked
    words = re.findall(r"[^\W\d_]+", text.lower())
    if text.startswith(("...", "…")) or text.endswith(("...", "…")):
        return True  # [...], [One paragraph on …]
    if not re.search(r"\d", text) and text.upper() == text and len(words) >= 1:
        return len(text) > 1  # [TBD], [SERVICE NAME]
    if not words:
        return False
    names = placeholder_words()
    if len(words) <= 2:
        return all(w in names for w in words)  # [Name], [Insert date], [Team name]
    return words[0] in names  # [Nom du service], [Link to the dashboard]


_CJK = KANA + HAN_MAIN + HANGUL


def marker_is_blank(text: str, start: int, end: int, heading: bool = False) -> bool:
    """TBD/TODO/... at ``text[start:end]`` stands in for content (not a status, noun or label)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    after = text[end : text.find("\n", end) if "\n" in text[end:] else len(text)]
    if _STATUS_BEFORE.search(before.rstrip("*_ :")):
        return False  # "Status: TODO"
    if heading and re.match(r"\s+\w", after):
        return False  # "### 2) TODO Configuration management": a status label
    if any_in(before.rstrip()[-1:], _CJK) or any_in(after.lstrip()[:1], _CJK):
        return False  # "継承 TODO が": a noun in the sentence
    return not (_NOUN_BEFORE.search(before) or _NOUN_AFTER.match(after))  # "a TODO comment"
