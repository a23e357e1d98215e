"""Zone declarations: where an author says which zone the times are in.

A declaration is a sentence, caption, note or heading that names a zone for the times around
it: "All times are UTC", "(all times PST)", "> Times below: Europe/London", "_All times in
EDT_", "Times are in both EDT and UTC", "全時刻は JST", "for the London timezone". It is told
apart from an event by its words (times, timestamps, time zone, in the supported languages)
and by having no clock time of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import islice

from pmlint.lang import LANGUAGES, table
from pmlint.model import Zone
from pmlint.zones import declared_zone, named_zones, resolve

_CLOCK_IN_TEXT = re.compile(
    r"(?<![\w:+−-])\d{1,2}:\d{2}(?!\d)|\b\d{1,2}\s*[ap]\.?m\.?(?![^\W\d_])", re.I
)
_ALIAS = re.compile(r"\s*(?:\(\s*([^()]{1,40}?)\s*\)|/\s*([A-Z]{2,5})\b)")
_LONGEST = 400  # a declaration is one sentence
_BOTH = re.compile(r"\b(?:both|and|as well as|beside|alongside|with)\b|併記|および|와|和", re.I)


@cache
def _words(strict: bool) -> re.Pattern[str]:
    """The words of a declaration; ``strict`` (outside the timeline) leaves out bare "time"."""
    words = [w for lang in LANGUAGES for w in table("dates", lang).get("zone_words", [])]
    if strict:
        words = [w for w in words if w not in ("time", "zeit", "heure", "hora", "ora", "tijd")]
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """A zone named by a declaration, with the span (in the text) to rewrite for a fix."""

    zone: Zone
    start: int
    end: int
    also_utc: bool


def declared(text: str, defined: Mapping[str, Zone], strict: bool = False) -> Found | None:
    """The zone ``text`` declares, if it is a declaration (see the module docstring)."""
    if len(text) > _LONGEST or _CLOCK_IN_TEXT.search(text):
        return None
    # The zone names are found once, for both steps (the expression is a long one to scan).
    names = list(declared_zone().finditer(text))
    if not _words(strict).search(_blanked(text, names)):  # "Singapore Time" is a name
        return None
    return _zone_of(text, names, defined)


def _blanked(text: str, names: list[re.Match[str]]) -> str:
    """``text`` with each of ``names`` replaced by a space: declared_zone().sub(" ", text)."""
    parts: list[str] = []
    last = 0
    for m in names:
        parts += (text[last : m.start()], " ")
        last = m.end()
    return "".join(parts) + text[last:]


def zone_in(text: str, defined: Mapping[str, Zone]) -> Found | None:
    """The zone named in a heading or caption, with any alias written beside it
    ("PDT (UTC-7)", "Eastern Daylight Time (EDT)", "PST/PDT"), and whether UTC is given too."""
    text = text[:_LONGEST]  # a heading or header longer than this declares nothing
    return _zone_of(text, declared_zone().finditer(text), defined)


def _zone_of(
    text: str, names: Iterable[re.Match[str]], defined: Mapping[str, Zone]
) -> Found | None:
    """:func:`zone_in` from the matches of declared_zone() in ``text``. The zones after the
    first are read on from the same scan (the expression looks neither behind nor at the
    start of the text, so the rest of one scan is a scan of the rest of the text)."""
    zones = named_zones(names, defined)
    found = next(zones, None)
    if found is None:
        return None
    z, start, end = found
    others = (o for o, _, _ in islice(zones, 3))  # at most three more
    also_utc = z.kind != "utc" and any(o.kind == "utc" for o in others) and bool(_BOTH.search(text))
    alias = _ALIAS.match(text, end)
    if alias is not None:
        named = resolve(alias.group(1) or alias.group(2), defined)
        if named.kind != "unknown" and _same(z, named):
            end = alias.end()
    return Found(z, start, end, also_utc)


def _same(a: Zone, b: Zone) -> bool:
    """Two names of one zone ("PDT" and "UTC-7"), or a name and a pair that includes it."""
    if a.tz is None or b.tz is None:
        return False
    if a.kind == "iana" or b.kind == "iana":
        return True
    from datetime import datetime

    moment = datetime(2000, 1, 1)
    return a.tz.utcoffset(moment) == b.tz.utcoffset(moment)


# What a whole-document declaration reads like: one of these openings (used with match), or
# "for the London timezone" anywhere (used with search, only when the text names a "zone":
# the search tries the alternation at every position, and most paragraphs have no "zone").
# Together the plain r"^(opening)|\b(?:for|...)...time\s*zone" searched in one expression.
_DOCUMENT_LEAD = re.compile(
    r"[\W_]*(?:all\s+)?(?:the\s+)?(?:times|timestamps|datestamps|dates and times|zeiten|"
    r"uhrzeiten|heures|horaires|horas|horários|orari|tijden|全時刻|時刻|所有时间|时间|모든 시간)",
    re.IGNORECASE,
)
_ZONE = re.compile("zone", re.IGNORECASE)
_TIMEZONE_PHRASE = re.compile(
    r"\b(?:for|in|use|using)\s+the\s+[^\s,.;]+(?:\s+[^\s,.;]+)?\s+time\s*zone", re.IGNORECASE
)


def document_declared(text: str, defined: Mapping[str, Zone]) -> Found | None:
    """A declaration for the whole document, outside its timeline: it must read like one
    ("All times in PDT.", "Timestamps are UTC", "... for the London timezone"), so that "our
    EU customers (CET timezone)" declares nothing."""
    if not (_DOCUMENT_LEAD.match(text) or (_ZONE.search(text) and _TIMEZONE_PHRASE.search(text))):
        return None
    return declared(text, defined, strict=True)
