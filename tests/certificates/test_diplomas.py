"""Contest diplomas' wording: the degree as the subheading, the place in Roman numerals, the
nomination and the work in the text; the template's placeholders are left to the template."""

from __future__ import annotations

import pytest

from metodset.certificates.services.diplomas import DiplomaAward, diploma_wording, roman


def test_places_are_printed_in_roman_numerals():
    assert [roman(n) for n in (1, 2, 3, 4, 9, 14)] == ["I", "II", "III", "IV", "IX", "XIV"]


def test_each_degree_has_its_words(world):
    def wording(degree, place):
        return diploma_wording(
            DiplomaAward(
                user=world.teacher,
                degree=degree,
                place=place,
                nomination="Урок в «начальной» школе",
                work="Квест {дроби}",
            )
        )

    winner = wording("winner", 1)
    assert winner["subheading"] == "победителя"
    assert winner["body"].startswith("за I место в номинации «Урок в „начальной“ школе»")
    assert "{title}" in winner["body"] and "Квест (дроби)" in winner["body"]
    assert wording("prize_winner", 3)["subheading"] == "призёра"
    assert "за III место" in wording("prize_winner", 3)["body"]
    participant = wording("participant", None)
    assert participant["subheading"] == "участника"
    assert participant["body"].startswith("за участие в конкурсе «{title}»")
    with pytest.raises(ValueError):
        wording("champion", 1)
