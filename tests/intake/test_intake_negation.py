"""The three misreadings of the issue, and negation in general: a negated phrase counts for the
symptom it denies, not for the one it names."""

import pytest

from intake.services import symptoms_classify

pytestmark = pytest.mark.django_db


def ranked(catalogue, category, text):
    scored, _source = symptoms_classify(category=catalogue.get(slug=category), text=text)
    return [s.item.slug for s in scored]


def test_centrifugeert_niet_meer_is_the_drum_not_turning_not_noise(catalogue):
    slugs = ranked(catalogue, "washing-machine", "centrifugeert niet meer")
    assert slugs[0] == "drum-does-not-turn"
    assert "loud-noise-spinning" not in slugs


def test_noise_when_spinning_is_still_noise(catalogue):
    slugs = ranked(catalogue, "washing-machine", "maakt veel lawaai bij het centrifugeren")
    assert slugs[0] == "loud-noise-spinning"
    assert "drum-does-not-turn" not in slugs


@pytest.mark.parametrize(
    ("category", "dead"),
    [
        ("vacuum-cleaner", "does-not-start"),
        ("laptop", "no-power"),
        ("hair-dryer", "does-not-start"),
    ],
)
def test_doet_niks_als_ik_de_stekker_erin_doe_is_no_power_not_the_cord(catalogue, category, dead):
    slugs = ranked(catalogue, category, "doet niks als ik de stekker erin doe")
    assert slugs[0] == dead
    assert not {"cord", "cable-break", "cable"} & set(slugs[:2])


def test_a_broken_plug_is_still_the_cord(catalogue):
    assert (
        ranked(catalogue, "vacuum-cleaner", "de stekker is kapot en het snoer is gerafeld")[0]
        == "cord"
    )


@pytest.mark.parametrize("text", ["scherm gebarsten", "mijn scherm is gebroken", "cracked screen"])
def test_a_cracked_screen_is_no_water_damage(catalogue, text):
    slugs = ranked(catalogue, "smartphone", text)
    assert slugs[0] == "broken-screen"
    assert "water-damage" not in slugs[:3]


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        ("fridge-freezer", "koelt niet meer", "not-cooling"),
        ("fridge-freezer", "my fridge doesn't get cold", "not-cooling"),
        ("washing-machine", "won't spin", "drum-does-not-turn"),
        ("vacuum-cleaner", "zuigt helemaal niks meer op", "no-suction"),
        ("tumble-dryer", "droogt niet meer", "does-not-dry"),
        ("hair-dryer", "wordt niet meer warm", "does-not-heat"),
    ],
)
def test_negated_phrases_in_dutch_and_english(catalogue, category, text, expected):
    assert ranked(catalogue, category, text)[0] == expected


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    [
        ("washing-machine", "de wasmachine centrifugeerd niet", "drum-does-not-turn"),
        ("vacuum-cleaner", "stofzuiger zuight niet", "no-suction"),
        ("fridge-freezer", "koelkast koeld niet meer", "not-cooling"),
    ],
)
def test_typos_are_understood(catalogue, category, text, expected):
    assert ranked(catalogue, category, text)[0] == expected
