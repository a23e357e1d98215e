"""Time zones as postmortem timelines write them: a name, an offset, or an IANA name.

Every zone comes from the tables in ``data/zones.json`` (abbreviations with one meaning,
generic names and pairs that follow daylight saving, long names, cities), the offset written,
or an IANA name through :mod:`zoneinfo`. Abbreviations with several meanings (IST, CST, BST,
...) are never guessed, unless the document itself says what it means by one
(:func:`defined_zones`: "IST = India Standard Time", "(SGT, UTC+8)").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, timedelta, timezone
from functools import cache
from typing import Any

from pmlint.lang import alternation
from pmlint.model import Zone
from pmlint.packagedata import read_text


@cache
def tables() -> dict[str, Any]:
    """The zone tables (``data/zones.json``)."""
    data = json.loads(read_text("zones.json"))
    assert isinstance(data, dict)
    return data


@cache
def _utc_names() -> frozenset[str]:
    return frozenset(n.upper() for n in tables()["utc"])


_OFFSET = re.compile(r"^(?:UTC|GMT|UT)?\s*([+−-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


@cache
def zone(name: str) -> Zone:
    """Resolve a zone name as written: "UTC", "PDT", "+02:00", "UTC+1", "Europe/Berlin"."""
    text = " ".join(name.strip().strip("()").split())
    upper = text.upper()
    t = tables()
    if upper in _utc_names():
        return Zone(text, "utc", UTC)
    if upper in t["ambiguous"]:
        return Zone(text, "ambiguous")
    if upper in t["fixed"]:
        return Zone(text, "fixed", timezone(timedelta(hours=t["fixed"][upper]), upper))
    m = _OFFSET.match(text)
    if m:
        return _offset(text, m)
    lower = text.lower()
    target = t["pairs"].get(upper) or t["generic"].get(upper) or t["names"].get(lower)
    if target is None:
        target = t["cities"].get(re.sub(r"\s+time(?:\s*zone)?$|\s+timezone$", "", lower))
    if target is not None and target != text:
        resolved = zone(target)
        return Zone(text, resolved.kind, resolved.tz)
    if "/" in text:
        return _iana(text)
    return Zone(text, "unknown")


def _offset(text: str, m: re.Match[str]) -> Zone:
    sign = 1 if m.group(1) == "+" else -1
    delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)) * sign
    if abs(delta) > timedelta(hours=14):
        return Zone(text, "unknown")
    if not delta:
        return Zone(text, "utc", UTC)
    return Zone(text, "fixed", timezone(delta))


def _iana(text: str) -> Zone:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return Zone(text, "iana", ZoneInfo(text.replace(" ", "_")))
    except (ZoneInfoNotFoundError, ValueError):
        return Zone(text, "unknown")


@cache
def zone_token() -> str:
    """A regular expression for one zone as written after a time (case matters for
    abbreviations: "est" in "14:02 est" is French, not Eastern)."""
    t = tables()
    pairs = "|".join(re.escape(p) for p in sorted(t["pairs"], key=len, reverse=True))
    words = [*t["fixed"], *t["ambiguous"], *t["generic"]]
    words += [g.capitalize() for g in t["generic"] if len(g) > 2]
    abbreviations = "|".join(sorted(set(words), key=len, reverse=True))
    areas = "|".join(t["areas"])
    return (
        rf"(?:{pairs})(?![A-Za-z0-9/])"
        r"|(?i:utc|gmt)(?:\s*[+−-]\s*\d{1,2}(?::?\d{2})?)?(?![A-Za-z0-9/])"
        r"|(?i:zulu)(?![A-Za-z])|Z(?![A-Za-z0-9/])|[+−-]\d{2}:?\d{2}(?!\d)"
        rf"|(?:{areas})/[A-Za-z_]*[A-Za-z](?:/[A-Za-z_]*[A-Za-z])?"
        rf"|(?:{abbreviations})(?![A-Za-z0-9/])"
    )


@cache
def declared_zone() -> re.Pattern[str]:
    """A zone in a declaration: a token, a long name, "<City> time", or "Area/City"."""
    t = tables()
    names = alternation(sorted(t["names"], key=len, reverse=True))
    cities = alternation(sorted(t["cities"], key=len, reverse=True))
    generic = "|".join(g for g in t["generic"] if len(g) > 2)
    return re.compile(
        rf"(?i:{names})(?![A-Za-z])"
        rf"|(?i:(?:{cities})(?:\s+time\s*zone|\s+timezone|\s+time)|(?:{generic})\s+time)(?![A-Za-z])"
        r"|[A-Z][A-Za-z]+/[A-Z][A-Za-z_]*[A-Za-z](?:/[A-Za-z_]*[A-Za-z])?"
        rf"|{zone_token()}"
    )


def named_zones(
    matches: Iterable[re.Match[str]], defined: Mapping[str, Zone] | None = None
) -> Iterator[tuple[Zone, int, int]]:
    """The zones named among matches of :func:`declared_zone` ("All times are PST", "Timeline
    (UTC)"; not a lone "Z", not an unknown name unless it looks like a zone), with spans."""
    for m in matches:
        token = m.group(0)
        if token == "Z":
            continue
        found = resolve(token, defined)
        if found.kind != "unknown" or _zone_like(token):
            yield found, m.start(), m.end()


def _zone_like(token: str) -> bool:
    """An unknown "Area/City" worth reporting: "UC/Pacific" is a zone typo, "Date/Time" is not."""
    if "/" not in token:
        return False
    area, _, place = token.partition("/")
    t = tables()
    return area in t["areas"] or place.upper() in t["generic"] or place.lower() in t["cities"]


def resolve(name: str, defined: Mapping[str, Zone] | None = None) -> Zone:
    """A zone as written, through the document's own definitions when it is ambiguous."""
    found = zone(name)
    if found.kind in ("ambiguous", "unknown") and defined:
        own = defined.get(name.strip().upper())
        if own is not None:
            return Zone(found.name, own.kind, own.tz)
    return found


# --- zones the document defines -------------------------------------------------------------

_ABBR = r"([A-Z]{2,5})"
_OFFSET_TEXT = r"((?:UTC|GMT)\s*[+−-]\s*\d{1,2}(?::?\d{2})?)"


@cache
def _definitions() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    names = alternation(sorted(tables()["names"], key=len, reverse=True))
    meaning = rf"((?i:{names})|{_OFFSET_TEXT[1:-1]})"
    return (
        # "IST = India Standard Time", "IST (UTC+5:30)", "(SGT, UTC+8)". The plain
        # rf"\b{_ABBR}\s*...", written to start with the capital (the boundary checked after
        # it) so that the regular expression engine skips ahead to capitals.
        re.compile(rf"([A-Z](?<!\w.)[A-Z]{{1,4}})\s*(?:=|:|means|stands for|is|\(|,)\s*{meaning}"),
        # "India Standard Time (IST)": the name is looked for just before "(IST)"
        re.compile(rf"\(\s*{_ABBR}\s*\)"),
        re.compile(rf"{meaning}\s*$"),
    )


def defined_zones(text: str) -> dict[str, Zone]:
    """Abbreviations the document defines itself: "IST = India Standard Time",
    "(SGT, UTC+8)", "India Standard Time (IST)". Only ambiguous or unknown ones are kept."""
    found: dict[str, Zone] = {}
    after, bracket, before = _definitions()
    pairs = [(m.group(1), m.group(2)) for m in after.finditer(text)]
    for m in bracket.finditer(text):
        named = before.search(text[max(0, m.start() - 40) : m.start()])
        if named is not None:
            pairs.append((m.group(1), named.group(1)))
    for abbr, meaning in pairs:
        if zone(abbr).kind not in ("ambiguous", "unknown"):
            continue
        meant = zone(meaning)
        if meant.kind in ("utc", "fixed", "iana"):
            found.setdefault(abbr, meant)
    return found
