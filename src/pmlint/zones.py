"""Time zones as postmortem timelines write them: a name, an offset, or an IANA name.

Every zone comes from the explicit tables below, the offset written, or an IANA name through
:mod:`zoneinfo`. Abbreviations with several meanings (IST, CST, BST, ...) are never guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone
from functools import cache

from pmlint.model import Zone

UTC_NAMES = frozenset(["UTC", "Z", "GMT", "UT", "+00:00", "+0000", "UTC+0", "UTC+00:00", "GMT+0"])

# Abbreviations with one meaning: hours east of UTC.
FIXED: dict[str, float] = {
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "NST": -3.5,
    "NDT": -2.5,
    "BRT": -3,
    "ART": -3,
    "WET": 0,
    "WEST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "JST": 9,
    "KST": 9,
    "HKT": 8,
    "SGT": 8,
    "AWST": 8,
    "ACST": 9.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "PKT": 5,
    "NPT": 5.75,
    "ICT": 7,
    "WIB": 7,
}
# Generic names that follow daylight saving: resolved with the date.
GENERIC: dict[str, str] = {
    "PT": "America/Los_Angeles",
    "PACIFIC": "America/Los_Angeles",
    "MT": "America/Denver",
    "CT": "America/Chicago",
    "ET": "America/New_York",
    "EASTERN": "America/New_York",
    "CENTRAL": "America/Chicago",
    "MOUNTAIN": "America/Denver",
}
# Abbreviations with more than one meaning: never guessed (PM305).
AMBIGUOUS = frozenset(
    ["IST", "CST", "BST", "AST", "ADT", "SST", "GST", "CAT", "EAT", "WAT", "AMT", "ACT", "PDT8"]
)


_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


@cache
def zone(name: str) -> Zone:
    """Resolve a zone name as written: "UTC", "PDT", "+02:00", "UTC+1", "Europe/Berlin"."""
    text = name.strip().strip("()").strip()
    upper = text.upper()
    if upper in UTC_NAMES or upper in ("UTC±0", "UTC-0", "ZULU"):
        return Zone(text, "utc", UTC)
    if upper in AMBIGUOUS:
        return Zone(text, "ambiguous")
    if upper in FIXED:
        return Zone(text, "fixed", timezone(timedelta(hours=FIXED[upper]), upper))
    m = _OFFSET.match(text)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)) * sign
        if abs(delta) > timedelta(hours=14):
            return Zone(text, "unknown")
        if not delta:
            return Zone(text, "utc", UTC)
        return Zone(text, "fixed", timezone(delta))
    iana = GENERIC.get(upper, text)
    if "/" in iana or re.fullmatch(r"[A-Z]{3}\d[A-Z]{3}", iana):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return Zone(text, "iana", ZoneInfo(iana))
        except (ZoneInfoNotFoundError, ValueError):
            return Zone(text, "unknown")
    return Zone(text, "unknown")


ZONE_TOKEN = (
    r"(?:UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?(?![A-Za-z0-9/])|Z(?![A-Za-z0-9/])|[+-]\d{2}:?\d{2}(?!\d)"
    r"|[A-Z][A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?|[A-Z]{3}\d[A-Z]{3}"
    r"|(?:"
    + "|".join(
        sorted(
            [*FIXED, *AMBIGUOUS, *GENERIC, *(g.capitalize() for g in GENERIC if len(g) > 2)],
            key=len,
            reverse=True,
        )
    )
    + r")(?![A-Za-z0-9/])"
)
_ZONE_RE = re.compile(ZONE_TOKEN)


def find_zone(text: str) -> tuple[Zone, int, int] | None:
    """The first zone named in a declaration ("All times are PST", "Timeline (UTC)")."""
    for m in _ZONE_RE.finditer(text):
        token = m.group(0)
        if token == "Z":
            continue
        found = zone(token)
        if found.kind != "unknown" or "/" in token:
            return found, m.start(), m.end()
    return None
