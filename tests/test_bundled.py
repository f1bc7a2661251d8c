"""Golden: the engine reproduces, to the day, what the depositaries announced
(history/README.md)."""

import pytest

from conftest import DATA, OFFICIAL, TREATIES, bundled, d
from ratify.datafile import store
from ratify.dates import Formula
from ratify.rules import Engine


@pytest.mark.parametrize("treaty_id", sorted(OFFICIAL))
def test_threshold_and_entry_into_force_match_the_depositary(treaty_id):
    engine = bundled(treaty_id)
    threshold, eif = OFFICIAL[treaty_id]
    assert engine.threshold_date == d(threshold)
    assert engine.entry_into_force == d(eif)
    assert engine.treaty.entered_into_force == d(eif)  # the file's own record agrees


def test_paris_count_met_before_the_emissions_share():
    snap = bundled("paris").snapshot(d("2016-10-04"))
    count, weight = snap.conditions
    assert count.met_on == d("2016-09-21")
    assert not weight.met and 52.0 < weight.current < 55.0
    assert bundled("paris").snapshot(d("2016-10-05")).conditions[1].met_on == d("2016-10-05")


def test_kyoto_weight_condition_is_not_evaluable():
    engine = bundled("kyoto")
    assert not engine.evaluable
    assert engine.threshold_date is None and engine.entry_into_force is None
    snap = engine.snapshot(d("2010-01-01"))
    assert snap.conditions[0].met_on == d("2002-05-23")      # 55 Parties
    assert snap.conditions[1].current is None                 # 55 % of 1990 CO2: no data
    assert engine.treaty.entered_into_force == d("2005-02-16")


def test_ctbt_not_in_force_blocked_by_annex2_states():
    engine = bundled("ctbt")
    snap = engine.snapshot(d("2026-02-03"))
    assert engine.threshold_date is None and not snap.in_force
    assert set(snap.conditions[0].missing) == {"CHN", "EGY", "IND", "IRN", "ISR", "PAK", "PRK",
                                               "RUS", "USA"}
    # the Russian Federation's ratification counted until the depositary's 2023 notification
    assert "RUS" not in engine.snapshot(d("2023-11-02")).conditions[0].missing
    assert engine.participant("RUS", d("2026-02-03")).status == "signatory"
    assert engine.snapshot(d("2026-02-03")).earliest_entry_into_force == d("2026-08-02")


@pytest.mark.parametrize("code, effective", [
    ("AFG", "2020-10-27"), ("AND", "2023-03-02"), ("BRB", "2015-08-18"), ("BLZ", "2015-06-17"),
    ("BEN", "2017-02-05"),
])
def test_att_late_joiners_date_of_effect(code, effective):
    engine = bundled("att")
    assert engine.participant(code, d("2026-02-03")).effective == d(effective)


def test_att_deposits_up_to_entry_into_force_take_its_date():
    engine = bundled("att")
    for day in ("2014-09-25", "2014-10-01", "2014-12-24"):
        assert engine.effective_date(d(day)) == d("2014-12-24")
    assert engine.effective_date(d("2014-12-25")) == d("2015-03-25")


def test_untoc_late_joiner_switzerland():
    engine = bundled("untoc")
    assert engine.participant("CHE", d("2010-01-01")).consent.date == d("2006-10-27")
    assert engine.participant("CHE", d("2010-01-01")).effective == d("2006-11-26")


def test_paris_late_joiner_and_withdrawal():
    engine = bundled("paris")
    assert engine.effective_date(d("2016-10-06")) == d("2016-11-05")
    usa = engine.participant("USA", d("2020-11-03"))
    assert usa.status == "party" and usa.withdrawal_effective == d("2020-11-04")
    assert engine.participant("USA", d("2020-11-04")).status == "withdrawn"
    assert engine.participant("USA", d("2021-06-01")).status == "party"


def test_minamata_reio_on_the_crossing_day_is_not_counted():
    engine = bundled("minamata")
    eu = engine.participant("EUU", d("2017-05-18"))
    assert eu.status == "party" and eu.consent.date == d("2017-05-18")
    snap = engine.snapshot(d("2017-05-18"))
    assert snap.parties == snap.counted + 1


def test_time_travel_between_threshold_and_entry_into_force():
    snap = bundled("tpnw").snapshot(d("2020-12-01"))
    assert snap.threshold_date == d("2020-10-24") and snap.entry_into_force == d("2021-01-22")
    assert not snap.in_force
    assert bundled("tpnw").snapshot(d("2020-10-23")).threshold_date is None


# -- data corrections of the December 2026 fact-check (issue 8) ---------------------------------

WITHDRAWAL = {  # treaty: (formula, the article quoted in the comment above `withdrawal:`)
    "untoc": (Formula(years=1), "Art. 40(1)"),
    "uncac": (Formula(years=1), "Art. 70(1)"),
    "att": (Formula(days=90), "Art. 24(2)"),
    "ccm": (Formula(months=6), "Art. 20(3)"),
    "crpd": (Formula(years=1), "Art. 48"),
    "fctc": (Formula(years=1), "Art. 31(2)"),
    "kyoto": (Formula(years=1), "Art. 27(2)"),
    "paris": (Formula(years=1), None),
    "rome": (Formula(years=1), None),
}


@pytest.mark.parametrize("treaty_id", sorted(WITHDRAWAL))
def test_withdrawal_clause_of_each_treaty(treaty_id):
    formula, article = WITHDRAWAL[treaty_id]
    assert bundled(treaty_id).treaty.withdrawal == formula
    if article:  # the wording's source: the comment lines just above the key
        lines = (TREATIES / f"{treaty_id}.yaml").read_text(encoding="utf-8").splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("  withdrawal:"))
        start = at
        while lines[start - 1].startswith("  # "):
            start -= 1
        comment = " ".join(line[4:] for line in lines[start:at])
        assert comment.startswith(article + ", authentic English text: \"")
        assert "statengeneraal/laws-markdown" in comment


@pytest.mark.parametrize("treaty_id, notified, effective", [
    ("att", "2020-01-01", "2020-03-31"),     # ninety days
    ("ccm", "2020-01-31", "2020-07-31"),     # six months
    ("untoc", "2020-02-29", "2021-02-28"),   # one year
    ("uncac", "2020-03-15", "2021-03-15"),
    ("crpd", "2020-03-15", "2021-03-15"),
    ("fctc", "2020-03-15", "2021-03-15"),
    ("kyoto", "2011-12-15", "2012-12-15"),
])
def test_withdrawal_date_of_effect(treaty_id, notified, effective):
    assert bundled(treaty_id).treaty.withdrawal.apply(d(notified)) == d(effective)


def test_ccm_denunciation_takes_effect_six_months_after_notification():
    text = (TREATIES / "ccm.yaml").read_text(encoding="utf-8")
    line = "      - {type: ratification, date: 2008-12-03, source: untc2026}\n"
    start = text.index("  - code: NOR")
    at = text.index(line, start) + len(line)
    text = text[:at] + "      - {type: denunciation, date: 2025-01-10, source: test}\n" + text[at:]
    engine = Engine(store.parse(text, "ccm-test.yaml"))
    before = engine.participant("NOR", d("2025-07-09"))
    assert before.status == "party" and before.withdrawal_effective == d("2025-07-10")
    assert engine.participant("NOR", d("2025-07-10")).status == "withdrawn"


LATE_JOINERS = {  # treaty: (formula, after, words of the authentic clause quoted in the note)
    "untoc": (Formula(days=30), "threshold", ["Art. 38(2)", "thirtieth day after the date of "
              "deposit by such State or organization of the relevant instrument.",
              "no \"whichever is later\"", "Tractatenblad"]),
    "uncac": (Formula(days=30), "threshold", ["Art. 68(2)", "or on the date this Convention enters "
              "into force pursuant to paragraph 1 of this article, whichever is later"]),
    "minamata": (Formula(days=90), "threshold", ["Art. 31(2)", "ninetieth day after the date of "
                 "deposit by such State or regional economic integration organization"]),
    "crpd": (Formula(days=30), "threshold", ["Art. 45(2)", "thirtieth day after the deposit of "
             "its own such instrument"]),
    "ccm": (Formula(months=5, first_of_next_month=True), "threshold", ["Art. 17(2)", "first day "
            "of the sixth month after the date on which that State has deposited"]),
    "fctc": (Formula(days=90), "threshold", ["Art. 36(2)", "Art. 36(3)", "ninetieth day "
             "following the date of deposit"]),
    "kyoto": (Formula(days=90), "threshold", ["Art. 25(3)", "ninetieth day following the date "
              "of deposit"]),
    "rome": (Formula(days=60, first_of_next_month=True), "threshold", ["Art. 126(2)", "first day "
             "of the month after the 60th day following the deposit by such State"]),
}


@pytest.mark.parametrize("treaty_id", sorted(LATE_JOINERS))
def test_late_joiner_rule_verified_with_the_quoted_clause(treaty_id):
    formula, after, words = LATE_JOINERS[treaty_id]
    late = bundled(treaty_id).treaty.rule.late_joiners
    assert (late.formula, late.after, late.verified) == (formula, after, True)
    assert "statengeneraal/laws-markdown" in late.note
    for word in words:
        assert word in late.note
    assert "not quoted" not in late.note and "assumed" not in late.note


@pytest.mark.parametrize("treaty_id, deposit, effective", [
    ("untoc", "2003-08-01", "2003-09-29"),     # the later of deposit + 30 and entry into force
    ("untoc", "2003-10-01", "2003-10-31"),
    ("uncac", "2005-10-01", "2005-12-14"),     # "whichever is later"
    ("uncac", "2006-01-02", "2006-02-01"),
    ("minamata", "2017-05-24", "2017-08-22"),  # Saint Kitts and Nevis, the 53rd
    ("ccm", "2011-03-01", "2011-09-01"),       # first day of the sixth month after the deposit
    ("ccm", "2011-03-31", "2011-09-01"),
    ("rome", "2003-01-01", "2003-04-01"),      # 60th day 2003-03-02, then the next 1st
])
def test_late_joiner_dates_follow_the_authentic_text(treaty_id, deposit, effective):
    assert bundled(treaty_id).effective_date(d(deposit)) == d(effective)


def test_minamata_note_agrees_with_the_secretariat_count():
    note = bundled("minamata").treaty.rule.note
    assert "one more than reported" not in note and "bringing to 51" not in note
    assert "51 States and the EU" in note and "portant à 52" in note
    assert "44ème" in note and "53rd on 24 May 2017" in note and "minamataconvention.org" in note
    snap = bundled("minamata").snapshot(d("2017-05-18"))
    assert (snap.parties, snap.counted) == (52, 51)


def _hanoi():
    return store.load(str(DATA))


def _action(treaty, code, kind):
    [participant] = [p for p in treaty.participants if p.code == code]
    return [a for a in participant.actions if a.type == kind]


def test_hanoi_data_as_of_stays_2026_02_23():
    assert _hanoi().data_as_of == d("2026-02-23")


def test_uganda_signature_stays_reported_and_says_the_dutch_database_lacks_it():
    [signature] = _action(_hanoi(), "UGA", "signature")
    assert signature.confidence == "reported" and "ecofinagency.com" in signature.source
    assert (signature.earliest, signature.date) == (d("2025-10-25"), d("2025-10-26"))
    assert "Netherlands treaty database" in signature.note and "no Uganda" in signature.note
    assert "013891" in signature.note


def test_azerbaijan_reported_ratifier_note_keeps_the_reports_caveat():
    hanoi = _hanoi()
    [note] = [n for n in hanoi.notes if n.text.startswith("Azerbaijan")]
    assert "named as a ratifier" in note.text and "may not have deposited" in note.text
    assert "\"are reported to have completed internal ratification procedures\"" in note.text
    assert "\"will formally deposit their ratification instruments\"" in note.text
    assert "no deposit date found" in note.text
    assert note.source.startswith("https://machineherald-io.pages.dev/article/2026-05/21-")
    # a note is never counted: Azerbaijan has deposited nothing in the file
    assert not _action(hanoi, "AZE", "ratification") and not _action(hanoi, "AZE", "approval")
    assert Engine(hanoi).participant("AZE", d("2026-12-01")).status == "signatory"
