"""Pins the exact analysis of the kit's article that the lessons rely on.

A spaCy upgrade or a lexicon edit that changes any of these must fail here
loudly, so the lessons' text can be checked before the pin is updated.
"""

from __future__ import annotations

import pytest

from inquadra import analysis

ACTORS = {'xi_jinping': 9, 'russia': 8, 'china': 6, 'kremlin': 5, 'vladimir_putin': 5, 'both_leaders': 4, 'ukraine': 3, 'united_states': 3, 'joe_biden': 2, 'west': 2, 'china_mfa': 1, 'nato': 1, 'united_nations': 1, 'indonesia': 1, 'tajikistan': 1}
FRAMING = [
    ('hl.s1', 'compleanno', 'Personalisation'),
    ('p01.s1', 'compleanno', 'Personalisation'),
    ('p02.s1', 'in ogni momento superiori', 'Loaded_Language'),
    ('p03.s1', 'ha invaso', 'Naming_Choice'),
    ('p03.s2', 'operazione militare speciale', 'Naming_Choice'),
    ('p04.s1', 'invasione', 'Naming_Choice'),
    ('p05.s1', 'tutte le parti', 'Obfuscation-Vagueness-Confusion'),
    ('p05.s1', 'soluzione adeguata', 'Obfuscation-Vagueness-Confusion'),
    ('p05.s1', 'crisi ucraina', 'Naming_Choice'),
    ('p06.s1', 'soluzione adeguata', 'Obfuscation-Vagueness-Confusion'),
    ('p07.s1', 'legittimità delle azioni', 'Loaded_Language'),
    ('p07.s1', 'potenze straniere', 'Obfuscation-Vagueness-Confusion'),
    ('p09.s1', 'invasione', 'Naming_Choice'),
    ('p09.s1', 'senza limiti', 'Loaded_Language'),
    ('p12.s1', 'sanzioni illegali', 'Loaded_Language'),
    ('p14.s2', 'egemonia globale', 'Loaded_Language'),
    ('sh2.s1', 'compleanno', 'Personalisation'),
    ('p15.s1', 'compleanno', 'Personalisation'),
    ('p16.s1', 'torta', 'Personalisation'),
    ('p16.s1', 'compleanno', 'Personalisation'),
    ('p16.s1', 'compleanno', 'Personalisation'),
    ('p16.s1', 'vodka', 'Personalisation'),
    ('p16.s2', 'compleanno', 'Personalisation'),
    ('p16.s3', 'Gelato', 'Personalisation'),
    ('p16.s3', 'torta', 'Personalisation'),
    ('p16.s3', 'champagne', 'Personalisation'),
    ('p17.s1', 'rapporto personale', 'Personalisation'),
    ('p17.s1', 'migliore e più caro amico', 'Personalisation'),
    ('p18.s1', 'tradizionalmente calda e amichevole', 'Loaded_Language'),
]
QUOTES = [
    ('p02.s1', 'kremlin', 'kremlin', 'lettura separata dal Cremlino', False),
    ('p02.s1', 'kremlin', 'kremlin', 'lettura separata dal Cremlino', False),
    ('p03.s2', 'russia', 'kremlin', 'definirla', False),
    ('p05.s1', 'china', 'china', 'ha sottolineato', True),
    ('p05.s1', 'china', 'china', 'ha sottolineato', True),
    ('p05.s1', 'china', 'china', 'ha sottolineato', True),
    ('p06.s1', 'china', 'china', 'Ha detto', True),
    ('p06.s1', 'china', 'china', 'Ha detto', True),
    ('p07.s1', 'kremlin', 'kremlin', 'sintesi dell’appello del Cremlino', False),
    ('p09.s1', 'both_leaders', 'other', 'Ha detto', False),
    ('p10.s1', 'xi_jinping', 'china', 'ha affermato G', False),
    ('p11.s1', 'xi_jinping', 'china', 'ha affermato Xi', False),
    ('p11.s1', 'xi_jinping', 'china', 'ha affermato Xi', False),
    ('p12.s1', 'kremlin', 'kremlin', 'si legge nella lettura del Cremlino', False),
    ('p14.s1', 'unrecognised', 'unattributed', 'ha affermato', False),
    ('p17.s1', 'xi_jinping', 'china', 'ha descritto', False),
    ('p18.s1', 'kremlin', 'kremlin', 'riassunto … Cremlino', False),
]
ARTIFACTS = [
    ('hl.s1', 'name_variant', 'Ji'),
    # three uncertain calques, flagged once the text has shown itself machine-translated
    # (each is marked damage in the article's corrections)
    ('p02.s1', 'calque', 'lettura separata'),
    ('p03.s1', 'calque', 'La chiamata'),
    ('p05.s2', 'foreign_script', 'பிடன்'),
    ('p07.s1', 'calque', 'sintesi dell’appello'),
    ('p09.s1', 'fused_link_text', 'Incontro faccia a faccia Ha detto'),
    ('p10.s1', 'name_variant', 'G'),
    ('p10.s1', 'calque', 'in una dichiarazione'),
    ('p11.s1', 'broken_word', 'ea'),
    ('p11.s2', 'fused_link_text', 'Primo ponte dell’autostrada trasversale Sul fiume Amur'),
    ('p12.s1', 'calque', 'nella lettura'),
    ('p14.s1', 'doubled_word', 'equa ed equa'),
    ('p15.s1', 'calque', 'Questa chiamata'),
    ('p15.s1', 'name_variant', 'G'),
    ('p15.s1', 'calque', 'si fidanzano'),
    ('p16.s1', 'name_variant', 'G'),
    ('p16.s2', 'name_variant', 'Shi'),
    ('p16.s3', 'fused_link_text', 'Gelato, torta e champagne'),
]
VOICES = {'hl': 'mixed', 'p01': 'china', 'p02': 'kremlin', 'p03': 'journalist', 'p04': 'journalist', 'p05': 'china', 'p06': 'china', 'p07': 'kremlin', 'sh1': 'journalist', 'p08': 'journalist', 'p09': 'mixed', 'p10': 'china', 'p11': 'mixed', 'p12': 'mixed', 'p13': 'journalist', 'p14': 'mixed', 'sh2': 'journalist', 'p15': 'journalist', 'p16': 'journalist', 'p17': 'journalist', 'p18': 'mixed'}


@pytest.fixture(scope="module")
def result(article):
    return analysis.analyze(article)


def test_actor_counts(result):
    assert {a.id: a.count for a in result.actors} == ACTORS


def test_xi_spellings(result):
    xi = next(a for a in result.actors if a.id == "xi_jinping")
    assert set(xi.variants) == {"Ji", "Xi", "G", "presidente cinese", "Shi"}


def test_framing_terms(result):
    assert [(f.sentence_id, f.text, f.label) for f in result.framing] == FRAMING


def test_quote_attribution(result):
    assert [(q.sentence_id, q.source, q.side, q.cue, q.inferred) for q in result.quotations] == QUOTES


def test_artifacts(result):
    assert [(a.sentence_id, a.label, a.text) for a in result.artifacts] == ARTIFACTS


def test_voices(result):
    assert {v.block_id: v.voice for v in result.voices} == VOICES
