"""Which ``<...>`` in a postmortem is HTML, and which is a placeholder an author left in."""

from __future__ import annotations

import re

_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
# Tag names that are real HTML; any other "<NAME>" is a placeholder an author left in.
HTML_TAGS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas
    caption center cite code col colgroup data datalist dd del details dfn dialog div dl dt em
    embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i
    iframe img input ins kbd label legend li link main map mark meta meter nav noscript object ol
    optgroup option output p param picture pre progress q rp rt ruby s samp script section
    select small source span strike strong style sub summary sup svg table tbody td template
    textarea tfoot th thead time title tr track tt u ul var video wbr""".split()  # noqa: SIM905
)


def is_real_html(tag_source: str) -> bool:
    """An HTML comment, declaration, or a tag whose name is an HTML element; not a phrase that
    happens to start with one ("<Link to the recording>": words, not attributes)."""
    if tag_source.startswith(("<!", "<?")):
        return True
    m = _TAG.match(tag_source)
    if m is None or m.group(1).lower() not in HTML_TAGS:
        return False
    rest = tag_source[m.end() :].rstrip(">/ ")
    bare = [w for w in rest.split() if "=" not in w]
    return len(bare) < 2
