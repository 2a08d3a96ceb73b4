"""The pure functions: splitting Markdown into paragraphs, applying an amendment, word
differences and the alignment of two versions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cordee.texts.blocks import align, apply_change, split_blocks, word_diff


def test_markdown_splits_into_headings_paragraphs_and_whole_lists():
    markdown = (
        "# Charte\n\n## Article 1\nLes signataires\ns'entraident.\n\n- un\n- deux\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n> citée\n"
    )
    assert split_blocks(markdown) == [
        "# Charte",
        "## Article 1",
        "Les signataires\ns'entraident.",
        "- un\n- deux",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "> citée",
    ]


def test_blank_text_has_no_paragraph():
    assert split_blocks(" \n\n\r\n") == []


def test_windows_line_endings_are_unified():
    assert split_blocks("Un\r\n\r\nDeux\r\n") == ["Un", "Deux"]


def test_apply_replace_insert_delete():
    blocks = [(1, "a"), (2, "b"), (3, "c")]
    assert apply_change(blocks, kind="replace", anchor=2, proposed="B") == [
        (1, "a"),
        (2, "B"),
        (3, "c"),
    ]
    assert apply_change(blocks, kind="insert", anchor=2, proposed="x", new_key=9) == [
        (1, "a"),
        (2, "b"),
        (9, "x"),
        (3, "c"),
    ]
    assert apply_change(blocks, kind="delete", anchor=1) == [(2, "b"), (3, "c")]


def test_an_amendment_to_a_missing_paragraph_is_a_key_error():
    with pytest.raises(KeyError):
        apply_change([(1, "a")], kind="replace", anchor=2, proposed="x")


words = st.lists(
    st.sampled_from(["le", "la", "pièce", "tour", "<b>", "&", " ", "\n", "  ", "décolletage."]),
    max_size=30,
).map("".join)


@given(words, words)
def test_word_diff_rebuilds_both_wordings(older, newer):
    runs = word_diff(older, newer)
    assert "".join(text for op, text in runs if op != "insert") == older
    assert "".join(text for op, text in runs if op != "delete") == newer


def test_word_diff_marks_only_the_changed_words():
    assert word_diff("une pièce usinée", "une pièce décolletée") == [
        ("equal", "une pièce "),
        ("delete", "usinée"),
        ("insert", "décolletée"),
    ]


@st.composite
def two_versions(draw):
    """A version, and one made from it by replacing, inserting and deleting paragraphs."""
    older = [(key, draw(words)) for key in range(draw(st.integers(0, 8)))]
    newer = list(older)
    next_key = 100
    for _ in range(draw(st.integers(0, 6))):
        if not newer:
            break
        anchor = draw(st.sampled_from([key for key, _ in newer]))
        kind = draw(st.sampled_from(["replace", "insert", "delete"]))
        newer = apply_change(
            newer, kind=kind, anchor=anchor, proposed=draw(words), new_key=next_key
        )
        next_key += 1
    return older, newer


@given(two_versions())
def test_alignment_keeps_both_versions_in_order(versions):
    older, newer = versions
    rows = align(older, newer)
    assert [(row.key, row.older) for row in rows if row.older is not None] == older
    assert [(row.key, row.newer) for row in rows if row.newer is not None] == newer
    assert len({row.key for row in rows}) == len(rows)


def test_alignment_statuses():
    rows = align([(1, "a"), (2, "b"), (3, "c")], [(1, "a"), (2, "B"), (4, "d")])
    assert [(row.key, row.status) for row in rows] == [
        (1, "same"),
        (2, "changed"),
        (3, "removed"),
        (4, "added"),
    ]
