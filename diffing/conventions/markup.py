"""Markup conventions: which inline marks of a Markdown source are drawn rather than read.

Inline HTML in Markdown (<a id="bookmark-sync"></a>, <br/>, <span class="hl">…</span>) is drawn,
not read: a tag of an HTML element is markup (left out of the comparison and counted), but for the
values of the attributes a reader meets (a link's target, an image's source, alt text and
tooltip), which are content like a Markdown link's URL. Only the elements of HTML are tags:
"Vec<String>" is text. (The dialects' part lines, "--- abstract", are heading conventions:
headings.PART_LINES.) Adding an element or an attribute is one word here.
"""
from __future__ import annotations

HTML_ELEMENTS = frozenset(
    "a abbr acronym address article aside audio b bdi bdo big blockquote br caption center cite code col "
    "colgroup data dd del details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr "
    "i img ins kbd li mark nav ol p picture pre q s samp section small source span strike strong sub summary "
    "sup table tbody td tfoot th thead time tr tt u ul var video wbr".split())
CONTENT_ATTRIBUTES = frozenset({"href", "src", "alt", "title"})    # also kramdown's {: title="…"}
