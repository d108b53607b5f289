"""Terminal output: control and bidirectional characters become visible escapes."""

import pytest

from inquadra.terminal import safe


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Giulia", "Giulia"),
        ("città “virgolette”", "città “virgolette”"),
        ("\x1b[2J", "\\x1b[2J"),
        ("abc\u202edef", "abc\\u202edef"),
        ("a\u200bb", "a\\u200bb"),
        ("riga\nnuova", "riga\\x0anuova"),
        ("\U000e0041", "\\U000e0041"),
    ],
)
def test_safe(text, shown):
    assert safe(text) == shown
