"""What an action item's own words say: its owner, its ticket, whether it is done.

Owners: ``@dana``, ``dana@``, ``owner: Dana``, "assigned to Dana", "Dana to rotate the keys",
"the SRE team will", a trailing ``[Rick]``. Tickets: a link to an issue, ticket or pull request,
``org/repo#12``, ``#123``, ``PAY-412``, ``Bug 123``; never a standards identifier
(``CVE-2024-1234``) or the number of another item ("see AI #6"). Done: a Status of done (in
the supported languages), ``(done)``, ✅, or an item that reports finished work. The word lists
are package data (``data/words/<language>.json``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container
from functools import cache
from itertools import pairwise

from pmlint.lang import merged
from pmlint.values import is_placeholder

_HANDLE = re.compile(r"(?<![\w@./-])@([A-Za-z0-9](?:[\w.-]*\w)?)")
_NAME_AT = re.compile(r"(?<![\w.@-])([a-z][\w.-]*)@(?![\w-]*\.[A-Za-z])(?!\w)")
_OWNER_LABEL = re.compile(
    r"\b(?:owners?|assignees?|assigned to|dri|responsible|who)\s*[:=]\s*\**\s*"
    r"(@?[\w.-]+(?: [A-Z][\w.-]+)?)",
    re.IGNORECASE,
)
_ASSIGNED = re.compile(r"\bassigned to\s+([A-Z][\w.-]+(?: [A-Z][\w.-]+)?)")
_NAME_TO = re.compile(r"^([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:to|will|should|must) (?=[a-z])")
_TEAM = re.compile(
    r"\b(?:[Tt]he|[Oo]ur)\s+((?:[\w-]+\s+){1,3}team)\s+(?:will|should|must|is going to|to|owns)\b"
)
_TRACKER_URL = re.compile(
    r"https?://(?:(?:bugs?|issues?|jira|tickets?|tracker|youtrack|linear)\.[^\s)>\]|]*"
    r"|[^\s)>\]|]*(?:/issues?/\d|/pulls?/\d|/merge_requests/\d|/-/issues/\d"
    r"|/browse/[A-Z][A-Z0-9]+-\d|/tickets?/|/bugs?/|show_bug\.cgi|/tasks?/\d|/work_items/\d"
    r"|linear\.app/|/projects/[^\s/]+/issues|youtrack|trello\.com/c/|app\.asana\.com|/jira/)"
    r"[^\s)>\]|]*)",
    re.IGNORECASE,
)
_TICKET = re.compile(
    r"\b[\w.-]+/[\w.-]+#\d+\b"
    r"|(?<![\w&])#\d+\b"
    r"|\b[A-Z][A-Z0-9]{1,9}-\d+\b"
    r"|\b(?:bug|b/|issue|ticket)\s*#?\s*\d{2,}\b",
    re.IGNORECASE,
)
# "#6" after these words is a number in a list of items, not an issue ("see AI #6").
_ITEM_NUMBER = re.compile(r"(?:\bAI|\bitems?|\bsteps?|\baction|\bpoints?|\bno\.?)\s*$", re.I)
DONE_MARK = re.compile(
    r"\((?i:done|completed?|fixed|resolved)\b[^)]*\)|\*\*(?i:done)\*\*|\bDONE\b|✅|✔|☑"
)


@cache
def _standards() -> frozenset[str]:
    return frozenset(p.upper() for p in merged("words", "not_tickets"))


@cache
def _done_pattern() -> re.Pattern[str]:
    words = sorted({w.lower() for w in merged("words", "done")}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.I)


@cache
def _open_pattern() -> re.Pattern[str]:
    words = sorted({w.lower() for w in merged("words", "open")}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r"|un\w+)(?!\w)", re.I)


def is_done_status(value: str) -> bool:
    """A Status value meaning done (SPEC §4): done, closed, fixed, resolved, complete(d), merged,
    shipped and their equivalents in the supported languages, ✅; not "not done", "in progress"."""
    text = value.strip()
    if text in ("✅", "✔", "✓", "☑", "✔️") or DONE_MARK.search(text):
        return True
    return bool(_done_pattern().search(text)) and not _open_pattern().search(text)


@cache
def _finished_words() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for entry in merged("words", "finished"):
        for key, values in entry.items():
            table.setdefault(key, set()).update(v.lower() for v in values)
    return {key: frozenset(values) for key, values in table.items()}


def _is_past(word: str, words: dict[str, frozenset[str]]) -> bool:
    if word in words.get("not_past", ()) or word in words.get("future", ()):
        return False
    if word in words.get("irregular", ()):
        return True
    return len(word) > 4 and any(word.endswith(s) for s in words.get("past_suffixes", ()))


def is_finished(text: str) -> bool:
    """An item that reports finished work rather than asking for it: it opens with a past
    tense ("Enabled branch protection", "Sent notices"), or its subject does ("We reverted the
    change", "Team discussed", "Timeout values increased to ..."), it says so ("requests were
    set", "we have enabled", "we already do this", "it was rejected"), or it is writing this
    very report ("write an incident report"). An imperative first ("Find where the token was
    used"), a future or modal word first ("We will add"), work still going on anywhere ("we are
    working on it"), or a ticket raised for the work ("Created a ticket to add an alert") means
    the work is still to do."""
    lowered = " ".join(text.lower().split())
    if any(task in lowered for task in merged("words", "meta_tasks")):
        return True
    words = _finished_words()
    if any(_phrase_in(phrase, lowered) for phrase in words.get("ongoing", ())):
        return False
    if any(_phrase_in(phrase, lowered) for phrase in words.get("phrases", ())):
        return True
    head = re.split(r"[.;:(!?]", lowered.lstrip("*_ "), maxsplit=1)[0]
    if any(phrase in head for phrase in words.get("tracked", ())):
        return False
    head = re.sub(r"[@`][\w.-]+`?", " ", head)  # handles and code are not words of the sentence
    every = re.findall(r"[\w'-]+", head)
    tokens = every[:8] + ([""] if len(every) > 8 else [])  # "": the sentence goes on
    if not tokens or tokens[0] in words.get("imperatives", ()):
        return False
    return _reports_past(tokens, words)


def _reports_past(tokens: list[str], words: dict[str, frozenset[str]]) -> bool:
    verb = 0  # where the verb stands: first, or after a subject ("We enabled", "Team discussed")
    for index in range(min(4, len(tokens))):
        if tokens[index] in words.get("subjects", ()) or " ".join(tokens[: index + 1]) in words.get(
            "subjects", ()
        ):
            verb = index + 1
            break
    subjects = words.get("subjects", ())
    if any(t in subjects and _is_past(n, words) for t, n in pairwise(tokens)):
        return True  # "To deal with the load, team created a new node"
    if verb < len(tokens):
        following = tokens[verb + 1] if verb + 1 < len(tokens) else ""
        candidate = tokens[verb]
        if _is_past(candidate, words) or (
            candidate in words.get("not_past", ())
            and following in words.get("objects", ())
            and candidate.endswith("ed")
            and not candidate.endswith("eed")
        ):
            return True  # "Improved our upgrade testing procedure"
    perfect = False
    for index, token in enumerate(tokens):
        pair = " ".join(tokens[index : index + 2])
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token in words.get("future", ()) or pair in words.get("future", ()):
            return False
        if pair in words.get("markers", ()) or token in words.get("markers", ()):
            return True
        if token in ("have", "has", "had"):
            perfect = True
        elif token in words.get("passive", ()) and (
            _is_past(following, words) or following in words.get("participles", ())
        ):
            return True  # "requests were set", "the alert was added"
        elif _is_past(token, words) and (perfect or _ends_clause(tokens, index, words)):
            return True
        elif 0 < index == len(tokens) - 1 and token in words.get("not_past", ()):
            return token.endswith("ed")  # "Cron cleanup scheduled": a participle, said last
    return False


def states_not_acts(text: str) -> bool:
    """A statement, not work: its verb is "is", "are", "was" or "were" ("Documentation and
    open-source knowledge is key") and nothing in it asks for or reports work. A noun phrase
    ("More automated alarms") is an action title and stays one."""
    words = _finished_words()
    tokens = re.findall(r"[\w'-]+", text.lower())
    if not tokens or not any(t in ("is", "are", "was", "were") for t in tokens):
        return False
    if tokens[0] in words.get("imperatives", ()) or is_finished(text):
        return False
    pairs = {" ".join(tokens[i : i + 2]) for i in range(len(tokens))}
    return not any(t in words.get("future", ()) for t in (*tokens, *pairs))


def opens_with_past_form(text: str) -> bool:
    """The item's first word has a past form ("Improved ...", a typo like "Addded ..."): read
    as finished only among siblings that mostly report finished work."""
    first = re.match(r"[*_\s]*([A-Za-z]+)", text)
    word = first.group(1).lower() if first else ""
    return len(word) > 4 and word.endswith("ed") and not word.endswith("eed")


def _ends_clause(tokens: list[str], index: int, words: dict[str, frozenset[str]]) -> bool:
    """A past form early in the item that is its verb, not an adjective: followed by the end
    or a function word ("Timeout values increased to ...", "Tickets raised following ...";
    not "Development of specialized tooling")."""
    if index + 1 == len(tokens):
        return True  # "AWS support case raised"
    following = tokens[index + 1]
    return index <= 4 and following in words.get("function", ())


def _phrase_in(phrase: str, text: str) -> bool:
    """``phrase`` as words of ``text``, not after "be" ("to be done in Q3" is not done)."""
    for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text):
        if not text[: m.start()].rstrip().endswith(" be"):
            return True
    return False


# r"\b[A-Z][\w-]*" and r"\b[a-z][\w-]*", written to start with the letter (the boundary checked
# after it) so that the regular expression engine skips ahead to candidate letters.
_CAPITALISED = re.compile(r"[A-Z](?<!\w.)[\w-]*")
_LOWER_CASE = re.compile(r"[a-z](?<!\w.)[\w-]*")
_NOT_PROSE = re.compile(r"`[^`\n]*`|https?://\S+|\]\([^)\n]*\)|<[^>\n]*>")


def proper_names(text: str) -> frozenset[str]:
    """Capitalised words the text, outside code and links, writes capitalised at least twice
    and at least three times as often as in lower case ("Lighthouse", "Prysm", "Besu", with
    the odd "geth - prysm" in a quoted chat): names of people, teams and products."""
    prose = _NOT_PROSE.sub(" ", text)
    capital = Counter(_CAPITALISED.findall(prose))
    lower: Counter[str] = Counter()
    for word, n in Counter(_LOWER_CASE.findall(prose)).items():  # each distinct word once
        lower[word.title()] += n
    return frozenset(w for w, n in capital.items() if n >= 2 and n >= 3 * lower[w])


class ProperNames(Container[str]):
    """The :func:`proper_names` of a text, worked out at the first lookup: only a list broken
    down by owner looks one up, and counting the words of the whole text is not cheap."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._names: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._names is None:
            self._names = proper_names(self._text)
        return word in self._names


def owner_in(text: str) -> str | None:
    first_line = text.strip().split("\n")[0]
    trailing = re.search(r"\[([A-Z][\w.-]*(?: [A-Z][\w.-]*)?)\]\s*$", first_line)
    name = trailing.group(1) if trailing else ""
    if name and not is_placeholder(name) and name.upper() not in ("TBD", "TODO", "NAME", "OWNER"):
        return name  # "... [Rick]"
    for pattern in (_OWNER_LABEL, _HANDLE, _NAME_AT, _ASSIGNED):
        m = pattern.search(text)
        if m:
            value = m.group(1).strip()
            if pattern is _HANDLE:
                return "@" + value
            if pattern is _NAME_AT:
                return value + "@"
            if not is_placeholder(value):
                return value
    m = _TEAM.search(first_line)
    if m:
        return m.group(1).strip()
    m = _NAME_TO.search(first_line)
    if m and m.group(1).split()[0].lower() not in _verbs() and _verb_follows(first_line, m.end()):
        return m.group(1).strip()  # "Dana to rotate the keys"
    return None


def _verb_follows(text: str, at: int) -> bool:
    """The word at ``at`` is a verb ("to rotate"), so the name before it owns the work."""
    word = re.match(r"[a-z]+", text[at:])
    return word is not None and word.group(0) in _finished_words().get("imperatives", ())


@cache
def _verbs() -> frozenset[str]:
    """Words that start an imperative action ("Update to ..."), never an owner's name."""
    return frozenset(w.lower() for w in merged("words", "action_verbs"))


def ticket_in(text: str) -> str | None:
    """A tracker reference: a link to an issue, ticket or pull request, ``org/repo#12``,
    ``#123``, ``PAY-412``, ``Bug 123``; not a standards identifier (``CVE-2024-1234``,
    ``RFC-9110``, ``UTF-8``) nor the number of another item ("see AI #6")."""
    url = _TRACKER_URL.search(text)
    if url is not None:
        return url.group(0).rstrip(".,;")
    masked = re.sub(r"https?://\S+", " ", text)
    for m in _TICKET.finditer(masked):
        value = m.group(0).rstrip(".,;")
        if value.split("-")[0].upper() in _standards():
            continue
        if value.startswith("#") and _ITEM_NUMBER.search(masked[: m.start()]):
            continue
        return value
    return None
