"""The registry and name resolution: every alias and former name users type resolves."""

import datetime as dt

import pytest

from ratify.errors import UnknownParticipant
from ratify.names import normalize, registry, registry_resolver

FORMER = {"CSK", "DDR", "SCG", "SUN", "YMD", "YUG", "YAR", "TAN", "ZAN"}


def test_registry_has_193_members_four_other_states_the_eu_and_former_states():
    reg = registry()
    assert len(reg) == 207
    assert sum(e.un_member for e in reg.values()) == 193
    others = {c for c, e in reg.items() if not e.un_member and not e.former_state}
    assert others == {"VAT", "PSE", "COK", "NIU", "EUU"}
    assert {c for c, e in reg.items() if e.former_state} == FORMER


def test_admission_and_dissolution_dates():
    reg = registry()
    assert all(e.admitted for e in reg.values() if e.un_member)
    assert reg["SSD"].admitted == dt.date(2011, 7, 14)
    assert reg["MNE"].admitted == dt.date(2006, 6, 28)
    assert reg["BRA"].admitted == dt.date(1945, 10, 24) and reg["BRA"].dissolved is None
    assert reg["CSK"].dissolved == dt.date(1992, 12, 31) and reg["CSK"].continued_by is None
    assert reg["SUN"].continued_by == "RUS" and reg["SCG"].continued_by == "SRB"
    assert all(e.admitted <= e.dissolved for e in reg.values() if e.dissolved)
    assert reg["EUU"].kind == "reio" and all(e.kind == "state" for c, e in reg.items()
                                              if c != "EUU")


def test_codes_and_alpha2_unique_and_well_formed():
    reg = registry()
    alpha2 = [e.alpha2 for e in reg.values() if not e.former_state]
    assert len(set(alpha2)) == len(alpha2) and None not in alpha2
    assert all(e.alpha2 is None for e in reg.values() if e.former_state)  # ISO reused them
    assert all(len(code) == 3 and code.isupper() for code in reg)
    assert reg["NOR"].alpha2 == "NO"  # not YAML 1.1's boolean false


def test_no_name_maps_to_two_participants():
    """Except a former State's name that the State continuing it lists among its former
    names (the USSR's, Serbia and Montenegro's): the name is the continuing State's."""
    seen, reg = {}, registry()
    for entry in sorted(reg.values(), key=lambda e: e.former_state):
        for name in {normalize(n) for n in (entry.code, entry.alpha2, entry.name, *entry.aliases,
                                            *entry.former) if n}:
            owner = seen.setdefault(name, entry.code)
            assert owner == entry.code or entry.continued_by == owner, name
    assert registry_resolver().find("Union of Soviet Socialist Republics") == "RUS"
    assert registry_resolver().find("Czechoslovakia") == "CSK"


@pytest.mark.parametrize("typed, code", [
    ("Vietnam", "VNM"), ("viet nam", "VNM"), ("VNM", "VNM"), ("vn", "VNM"),
    ("Russia", "RUS"), ("Iran", "IRN"), ("Turkey", "TUR"), ("Türkiye", "TUR"), ("turkiye", "TUR"),
    ("UK", "GBR"), ("USA", "USA"), ("Czechia", "CZE"), ("Czech Republic", "CZE"),
    ("Ivory Coast", "CIV"), ("Cote d'Ivoire", "CIV"), ("Laos", "LAO"), ("Tanzania", "TZA"),
    ("North Korea", "PRK"), ("South Korea", "KOR"), ("Palestine", "PSE"), ("Bolivia", "BOL"),
    ("Venezuela", "VEN"), ("Syria", "SYR"), ("Moldova", "MDA"), ("Micronesia", "FSM"),
    ("Cape Verde", "CPV"), ("EU", "EUU"), ("European Union", "EUU"), ("Swaziland", "SWZ"),
    ("Zaire", "COD"), ("The former Yugoslav Republic of Macedonia", "MKD"),
    ("Netherlands", "NLD"), ("Netherlands (Kingdom of the)", "NLD"), ("Bahamas (The)", "BHS"),
    ("Holy See", "VAT"), ("Cook Islands", "COK"), ("Niue", "NIU"),
])
def test_resolves(typed, code):
    assert registry_resolver().resolve(typed) == code


def test_unknown_name_suggests_close_matches():
    with pytest.raises(UnknownParticipant) as err:
        registry_resolver().resolve("Vietnm")
    assert "did you mean Viet Nam?" in err.value.render()
    with pytest.raises(UnknownParticipant) as err:
        registry_resolver().resolve("Atlantis")
    assert "use a UN name, an alias or an ISO code" in err.value.render()


def test_normalize_folds_case_accents_and_punctuation():
    assert normalize("Côte d’Ivoire") == normalize("cote d'ivoire") == "cote d ivoire"
    assert normalize("The Gambia") == normalize("Gambia (The)") == "gambia"


@pytest.mark.parametrize("typed, display", [
    ("Taiwan", "Taiwan"), ("Republic of China", "Taiwan"), ("Chinese Taipei", "Taiwan"),
    ("Kosovo", "Kosovo"),
])
def test_well_known_non_participants_are_said_plainly(typed, display):
    """'Taiwan' is not a misspelt Thailand: the message says it is not a UN member State."""
    with pytest.raises(UnknownParticipant) as err:
        registry_resolver().resolve(typed)
    text = err.value.render()
    assert f"{display} is not a UN member State" in text
    assert "did you mean" not in text and "Thailand" not in text
    assert registry_resolver().resolve("People's Republic of China") == "CHN"
