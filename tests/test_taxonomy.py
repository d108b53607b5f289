"""The taxonomy data: SemEval-2023 ids, groups, sets, texts in both languages, colours, keys."""

from __future__ import annotations

import itertools
import math
import re

import pytest

from inquadra import taxonomy

SEMEVAL_GROUPS = {
    "attack_on_reputation": [
        "Name_Calling-Labeling",
        "Guilt_by_Association",
        "Doubt",
        "Appeal_to_Hypocrisy",
        "Questioning_the_Reputation",
    ],
    "justification": [
        "Flag_Waving",
        "Appeal_to_Authority",
        "Appeal_to_Popularity",
        "Appeal_to_Values",
        "Appeal_to_Fear-Prejudice",
    ],
    "simplification": [
        "Causal_Oversimplification",
        "False_Dilemma-No_Choice",
        "Consequential_Oversimplification",
    ],
    "distraction": ["Straw_Man", "Red_Herring", "Whataboutism"],
    "call": ["Slogans", "Conversation_Killer", "Appeal_to_Time"],
    "manipulative_wording": [
        "Loaded_Language",
        "Obfuscation-Vagueness-Confusion",
        "Exaggeration-Minimisation",
        "Repetition",
    ],
}
SEMEVAL_FRAMES = [
    "Economic",
    "Capacity_and_resources",
    "Morality",
    "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation",
    "Crime_and_punishment",
    "Security_and_defense",
    "Health_and_safety",
    "Quality_of_life",
    "Cultural_identity",
    "Public_opinion",
    "Political",
    "External_regulation_and_reputation",
]
LESSON06 = [
    "Naming_Choice",
    "Attribution_Marker",
    "Loaded_Language",
    "Obfuscation-Vagueness-Confusion",
    "Translation_Damage",
    "Personalisation",
]


@pytest.fixture(scope="module")
def tax():
    return taxonomy.load()


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour, for perceptual distances."""

    def lin(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _contrast_with_black(hex_colour: str) -> float:
    def lin(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return (luminance + 0.05) / 0.05


def _min_distance(colours: list[str]) -> float:
    return min(math.dist(_lab(a), _lab(b)) for a, b in itertools.combinations(colours, 2))


@pytest.mark.parametrize("scheme, count", [("kit", 4), ("technique", 23), ("frame", 15)])
def test_label_count_per_scheme(tax, scheme, count):
    assert len(tax.in_scheme(scheme)) == count


@pytest.mark.parametrize("group", sorted(SEMEVAL_GROUPS))
def test_technique_group_holds_exactly_its_semeval_ids(tax, group):
    members = [lab.id for lab in tax.labels if lab.group == group]
    assert members == SEMEVAL_GROUPS[group]


def test_technique_groups_belong_to_technique_scheme(tax):
    schemes = {g.id: g.scheme for g in tax.groups}
    assert {g: schemes[g] for g in SEMEVAL_GROUPS} == dict.fromkeys(SEMEVAL_GROUPS, "technique")


def test_technique_ids_are_exactly_semeval(tax):
    expected = [i for ids in SEMEVAL_GROUPS.values() for i in ids]
    assert list(tax.ids("technique")) == expected


def test_frame_ids_are_semeval_plus_other(tax):
    assert list(tax.ids("frame")) == SEMEVAL_FRAMES + ["Other"]


def test_every_frame_is_in_frames_group(tax):
    assert {lab.group for lab in tax.in_scheme("frame")} == {"frames"}


def test_every_label_group_matches_its_scheme(tax):
    schemes = {g.id: g.scheme for g in tax.groups}
    wrong = [lab.id for lab in tax.labels if schemes[lab.group] != lab.scheme]
    assert wrong == []


@pytest.mark.parametrize("field", ["name", "definition"])
@pytest.mark.parametrize("language", ["en", "it"])
def test_every_label_has_text_in_both_languages(tax, field, language):
    missing = [lab.id for lab in tax.labels if not getattr(lab, field).get(language, "").strip()]
    assert missing == []


def test_definitions_differ_between_languages(tax):
    same = [lab.id for lab in tax.labels if lab.definition["en"] == lab.definition["it"]]
    assert same == []


def test_definitions_are_short(tax):
    long = [lab.id for lab in tax.labels for d in lab.definition.values() if len(d) > 220]
    assert long == []


def test_group_names_in_both_languages(tax):
    assert all(g.name.get("en") and g.name.get("it") for g in tax.groups)


def test_short_codes_are_unique_capitals(tax):
    shorts = [lab.short for lab in tax.labels]
    assert len(shorts) == len(set(shorts))
    assert [s for s in shorts if not re.fullmatch(r"[A-Z]{1,5}", s)] == []


@pytest.mark.parametrize("scheme", ["kit", "technique", "frame"])
def test_keys_are_single_characters_unique_within_scheme(tax, scheme):
    keys = [lab.key for lab in tax.in_scheme(scheme)]
    assert all(len(k) == 1 for k in keys)
    assert len(keys) == len(set(keys))


def test_keys_are_unique_within_every_set(tax):
    clashes = {
        name: [lab.key for lab in tax.select(name)]
        for name in tax.sets
        if len({lab.key for lab in tax.select(name)}) != len(tax.sets[name])
    }
    assert clashes == {}


def test_colours_are_hex(tax):
    assert [lab.id for lab in tax.labels if not re.fullmatch(r"#[0-9a-f]{6}", lab.colour)] == []


def test_colours_are_readable_behind_black_text(tax):
    dark = [lab.id for lab in tax.labels if _contrast_with_black(lab.colour) < 7]
    assert dark == []


@pytest.mark.parametrize("set_name", ["techniques", "frames", "lesson03_frames", "lesson06"])
def test_colours_are_distinct_within_a_set(tax, set_name):
    colours = [lab.colour for lab in tax.select(set_name)]
    assert _min_distance(colours) >= 15


def test_lesson06_colours_are_clearly_distinct(tax):
    assert _min_distance([lab.colour for lab in tax.select("lesson06")]) >= 30


def test_lesson06_set_is_exact(tax):
    assert list(tax.sets["lesson06"]) == LESSON06


def test_techniques_set_holds_all_techniques(tax):
    assert tax.sets["techniques"] == tax.ids("technique")


def test_frames_set_holds_all_frames(tax):
    assert tax.sets["frames"] == tax.ids("frame")


def test_lesson03_frames_are_frames_including_security(tax):
    chosen = tax.select("lesson03_frames")
    assert {lab.scheme for lab in chosen} == {"frame"}
    assert "Security_and_defense" in tax.sets["lesson03_frames"]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Loaded-Language", "Loaded_Language"),
        ("loaded_language", "Loaded_Language"),
        ("Loded_Language", "Loaded_Language"),
        ("Name_Calling", "Name_Calling-Labeling"),
        ("Appeal_to_Fear", "Appeal_to_Fear-Prejudice"),
        ("Security_and_defence", "Security_and_defense"),
        ("Obfuscation", "Obfuscation-Vagueness-Confusion"),
    ],
)
def test_unknown_label_suggests_close_id_first(tax, typed, expected):
    with pytest.raises(taxonomy.TaxonomyError) as info:
        tax.label(typed)
    message = str(info.value)
    assert repr(typed) in message
    assert message.split("Did you mean ")[1].startswith(expected)


def test_unknown_label_far_from_everything_gets_no_guess(tax):
    with pytest.raises(taxonomy.TaxonomyError) as info:
        tax.label("Zzyzx")
    assert "Did you mean" not in str(info.value)


@pytest.mark.parametrize("language, shown", [("en", "SEC · Security and defence"), ("it", "SEC · Sicurezza e difesa")])
def test_display_gives_the_short_name_and_the_name_in_the_language(language, shown):
    from inquadra import i18n

    i18n.set_language(language)
    try:
        assert taxonomy.display("Security_and_defense") == shown
    finally:
        i18n.set_language("en")


def test_display_leaves_an_id_outside_the_taxonomy_as_it_is():
    assert taxonomy.display("fused_link_text") == "fused_link_text"
