"""Align stage: pairing survives renumbering, renaming, moves and heavy edits."""
from diffing import compare_texts

BODIES = {
    "Scope": "This regulation applies to vessels flying the flag of a member state in coastal waters.",
    "Definitions": "For the purposes of this regulation a vessel means any craft used for navigation at sea.",
    "Obligations": "Operators shall keep a logbook and present it to inspectors on request without delay.",
    "Penalties": "Member states shall lay down effective proportionate and dissuasive penalties for breaches.",
    "Entry into Force": "This regulation enters into force on the twentieth day following its publication.",
}


def doc(order, numbered=True, rename=None, edit=None):
    parts = []
    for k, name in enumerate(order, 1):
        title = (rename or {}).get(name, name)
        body = (edit or {}).get(name, BODIES[name])
        parts.append(f"{k}. {title}\n\n{body}\n" if numbered else f"{title}\n\n{body}\n")
    return "\n".join(parts)


def pairs(diff):
    return [((s.old.heading.title if s.old else None), (s.new.heading.title if s.new else None), s.moved)
            for s in diff.sections]


NAMES = list(BODIES)


def test_inserted_section_shifts_numbers_but_pairs_by_content():
    old = doc(NAMES[:2] + NAMES[3:])
    new = doc(NAMES)
    d = compare_texts(old, new)
    assert pairs(d) == [("Scope", "Scope", False), ("Definitions", "Definitions", False),
                        (None, "Obligations", False), ("Penalties", "Penalties", False),
                        ("Entry into Force", "Entry into Force", False)]
    renumbered = [s.new.heading.title for s in d.sections if s.renumbered]
    assert renumbered == ["Penalties", "Entry into Force"]
    assert all(not s.changes for s in d.sections if s.old and s.new)


def test_moved_section_is_one_moved_pair_with_its_inner_diff():
    new_order = [NAMES[0], NAMES[2], NAMES[3], NAMES[1], NAMES[4]]
    d = compare_texts(doc(NAMES, numbered=False),
                      doc(new_order, numbered=False, edit={"Definitions": BODIES["Definitions"] + " Boats too."}))
    moved = [(o, n) for o, n, m in pairs(d) if m]
    assert moved == [("Definitions", "Definitions")]
    sec = next(s for s in d.sections if s.moved)
    assert [(c.kind.value, c.new.text) for c in sec.changes] == [("added", "Boats too.")]


def test_renamed_section_keeps_its_pair():
    d = compare_texts(doc(NAMES), doc(NAMES, rename={"Penalties": "Sanctions"}))
    sec = next(s for s in d.sections if s.renamed)
    assert (sec.old.heading.title, sec.new.heading.title) == ("Penalties", "Sanctions")
    assert [(c.kind.value, c.old.text, c.new.text) for c in sec.changes] == [("modified", "Penalties", "Sanctions")]


def test_removed_section_sits_at_its_old_position():
    d = compare_texts(doc(NAMES), doc(NAMES[:1] + NAMES[2:]))
    assert [s.status.value for s in d.sections] == ["unchanged", "removed", "unchanged", "unchanged", "unchanged"]
    removed = d.sections[1]
    assert removed.changes[0].kind.value == "removed" and removed.new is None


def test_redacted_body_still_pairs_by_title():
    d = compare_texts(doc(NAMES), doc(NAMES, edit={"Obligations": "DELETED"}))
    sec = [s for s in d.sections if s.changes]
    assert len(sec) == 1 and sec[0].old.heading.title == "Obligations" and sec[0].new is not None
    assert [c.kind.value for c in sec[0].changes] == ["redacted"]
