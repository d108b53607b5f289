"""Reporting verbs in every form news reports use."""

from __future__ import annotations

import pytest

from inquadra.components import lexicon_path, read_lexicon
from inquadra.verb_forms import verb_forms


@pytest.fixture(scope="module")
def forms():
    verbs = [r for r in read_lexicon(lexicon_path("reporting_verbs"))
             if r["kind"] == "verb" and isinstance(r["pattern"], str)]
    return {f.form: f for f in verb_forms(verbs)}


def test_about_sixty_verbs():
    verbs = {r["id"] for r in read_lexicon(lexicon_path("reporting_verbs")) if r["kind"] == "verb"}
    assert len(verbs) >= 45


@pytest.mark.parametrize("form,verb,kind", [
    ("dichiara", "dichiarare", "finite"), ("affermava", "affermare", "finite"),
    ("disse", "dire", "finite"), ("detto", "dire", "participle"),
    ("riferito", "riferire", "participle"), ("sostenuto", "sostenere", "participle"),
    ("spiegato", "spiegare", "participle"), ("scritto", "scrivere", "participle"),
    ("precisato", "precisare", "participle"), ("concluso", "concludere", "participle"),
    ("ammesso", "ammettere", "participle"), ("chiarisce", "chiarire", "finite"),
    ("aggiungendo", "aggiungere", "gerund"), ("replicato", "replicare", "participle"),
    ("denunciato", "denunciare", "participle"), ("rivendicato", "rivendicare", "participle"),
    ("precisare", "precisare", "infinitive"), ("dire", "dire", "infinitive"),
    ("specificato", "specificare", "participle"), ("definita", "definire_verb", "participle"),
    ("dette", "dire", "participle"),
])
def test_forms(forms, form, verb, kind):
    assert (forms[form].verb, forms[form].kind) == (verb, kind)


def test_participle_only_verbs_have_no_finite_forms(forms):
    assert forms["continuato"].kind == "participle"
    # their present counts only after a quotation
    assert (forms["continua"].kind, forms["attaccano"].kind) == ("after_quote", "after_quote")
    assert "continuava" not in forms and "attaccò" not in forms
