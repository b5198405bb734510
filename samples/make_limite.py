"""Build the synthetic LIMITE stand-in of note 8700/25 from its public text (deterministic).

The real LIMITE version is not public. This script makes a stand-in for testing and demos:
every `DELETED` becomes clearly invented, neutral placeholder prose (it is NOT the withheld text),
the access stamp is removed, the look-alike Cyrillic "То" becomes Latin "To", paragraphs are
hard-wrapped with some end-of-line hyphenation, and LIMITE-style page footers are added.

    python samples/make_limite.py        # rewrites samples/8700-25-limite.txt
"""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAMP = "DOCUMENT PARTIALLY ACCESSIBLE TO THE PUBLIC (01.07.2025) "
TOPICS = [
    "a general overview of reporting arrangements",
    "routine coordination between national contact points",
    "an illustrative description of travel routes, invented for this sample",
    "a neutral summary of figures that are not reproduced here",
    "a generic reference to earlier assessments",
    "placeholder wording about information exchange",
    "an invented note on the timing of future meetings",
    "a neutral remark on the availability of statistics",
]


def placeholder(n: int) -> str:
    topic = TOPICS[n % len(TOPICS)]
    text = (f"Synthetic placeholder passage {n} stands in for text withheld from the public version; "
            f"it covers {topic} and contains no information from the original note.")
    if n % 4 == 1:   # some withheld passages span two paragraphs
        text += (f"\n\nThe second paragraph of placeholder passage {n} adds further invented wording, so that a "
                 "multi-paragraph redaction can be seen in the comparison.")
    return text


def build(public: str) -> str:
    text = public.replace(STAMP, "").replace("\u0422\u043e:", "To:").replace("terrorismrelated", "terrorism-related")
    text = re.sub(r"\n+JAI\.1\n", "\n", text)        # the public file's stray footer lines
    count = iter(range(1, 1000))
    text = re.sub(r"\*\*DELETED\*\*|DELETED", lambda m: placeholder(next(count)), text)
    return paginate(wrap(text))


def wrap(text: str, width: int = 88) -> str:
    out = []
    for para in text.split("\n"):
        if len(para) <= width or "\t" in para:
            out.append(para)
            continue
        lines = textwrap.wrap(para, width=width, break_long_words=False, break_on_hyphens=False)
        out.append("\n".join(hyphenate(lines, width)))
    return "\n".join(out)


def hyphenate(lines: list[str], width: int) -> list[str]:
    """Split the first word of every third continuation line across the line end, as typesetters do."""
    for i in range(len(lines) - 1):
        word = lines[i + 1].split(" ", 1)[0]
        if i % 3 == 0 and len(word) >= 9 and word.isalpha():
            cut = len(word) // 2
            if len(lines[i]) + cut + 2 <= width + 4:
                lines[i] += " " + word[:cut] + "-"
                lines[i + 1] = word[cut:] + lines[i + 1][len(word):]
    return lines


def paginate(text: str, page_lines: int = 46) -> str:
    lines = text.split("\n")
    out, page = [], 1
    for k, line in enumerate(lines, 1):
        out.append(line)
        if k % page_lines == 0:
            out += ["", f"8700/25{' ' * 10}XX/yy{' ' * 10}{page}", f"{' ' * 12}JAI.1{' ' * 10}LIMITE EN", ""]
            page += 1
    out += ["", f"8700/25{' ' * 10}XX/yy{' ' * 10}{page}", f"{' ' * 12}JAI.1{' ' * 10}LIMITE EN", ""]
    return "\n".join(out)


if __name__ == "__main__":
    public = (HERE / "8700-25-public.txt").read_text(encoding="utf-8")
    (HERE / "8700-25-limite.txt").write_text(build(public), encoding="utf-8")
