"""edit.py: minimal-diff text edits (every participant shape), each proven by a reload.

Dates are the Arms Trade Treaty's (UNTC XXVI-8): opened 2013-06-03; Austria and Belgium ratified
2014-06-03; Denmark and Estonia approved 2014-04-02; Finland ratified 2014-04-02; Canada acceded
2019-06-19; the 50th instrument came on 2014-09-25.
"""

import datetime as dt
import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratify.datafile import store, yamlload
from ratify.errors import RefusedChange
from ratify.write import edit

D = dt.date.fromisoformat

MINI = """\
# Arms Trade Treaty, a few participants (edit tests)
schema: 1
treaty:
  id: att
  title: "Arms Trade Treaty"
  signature: {opens: 2013-06-03, closes: null}   # open until entry into force
  data_as_of: 2014-01-01         # reconciled with UNTC
  entered_into_force: null
  entry_into_force:
    conditions:
      - {count: 50}
    date: {days: 90}
participants:
  # Austria comes first
  - code: AUT   # Austria
    actions:
      - {type: signature, date: 2013-06-03, source: "untc2026"}   # at the opening
  - code: BEL   # Belgium: no actions key yet
  - code: DNK
    actions: []
  - code: EST
    actions:
      - type: signature
        date: 2013-06-03
        note: |
          # a note line, not a comment
      - type: approval
        date: 2014-04-02
  - code: FIN
    actions: [{type: signature, date: 2013-06-03}]   # flow style
  - code: FRA
    actions:
      - {type: signature, date: 2013-06-03, source: "untc2026"}
    declarations:
      - {kind: declaration, date: 2014-04-02, text: "on ratification"}
  - code: DEU
    declarations:
      - {kind: declaration, date: 2014-04-02, text: "no actions key, declarations"}
  - code: GBR
    actions:
    - {type: signature, date: 2013-06-03, source: "untc2026"}
  # trailing comment
"""


def changes(old: str, new: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines), as `git diff` would show them."""
    diff = list(difflib.ndiff(old.splitlines(), new.splitlines()))
    return ([line[2:] for line in diff if line.startswith("- ")],
            [line[2:] for line in diff if line.startswith("+ ")])


def actions_of(text: str, code: str) -> list[tuple[str, dt.date]]:
    p = store.parse(text, "t.yaml").participant(code)
    return [(a.type, a.date) for a in p.actions] if p else []


RATIFIED = {"type": "ratification", "date": D("2014-06-03"), "source": "untc2026"}
RATIFIED_LINE = '{type: ratification, date: 2014-06-03, source: "untc2026"}'


def test_minimal_file_loads():
    treaty = store.parse(MINI, "t.yaml")
    assert [p.code for p in treaty.participants] == ["AUT", "BEL", "DNK", "EST", "FIN", "FRA",
                                                     "DEU", "GBR"]


def test_block_actions_get_exactly_one_line_after_the_last():
    new = edit.add_action(MINI, "AUT", RATIFIED)
    assert changes(MINI, new) == ([], ["      - " + RATIFIED_LINE])
    lines = new.splitlines()
    i = lines.index("      - " + RATIFIED_LINE)
    assert lines[i - 1].endswith("# at the opening")
    assert lines[i + 1] == "  - code: BEL   # Belgium: no actions key yet"
    assert actions_of(new, "AUT")[-1] == ("ratification", D("2014-06-03"))


def test_action_goes_in_date_order():
    text = edit.add_action(MINI, "AUT", RATIFIED)
    new = edit.add_action(text, "AUT", {"type": "domestic_approval", "date": D("2014-04-02")})
    assert changes(text, new) == ([], ["      - {type: domestic_approval, date: 2014-04-02}"])
    assert [t for t, _ in actions_of(new, "AUT")] == ["signature", "domestic_approval",
                                                      "ratification"]


def test_participant_without_actions_key_gets_two_lines():
    new = edit.add_action(MINI, "BEL", RATIFIED)
    assert changes(MINI, new) == ([], ["    actions:", "      - " + RATIFIED_LINE])
    lines = new.splitlines()
    i = lines.index("  - code: BEL   # Belgium: no actions key yet")
    assert lines[i + 1:i + 4] == ["    actions:", "      - " + RATIFIED_LINE, "  - code: DNK"]


def test_empty_flow_list_becomes_a_block():
    new = edit.add_action(MINI, "DNK", {"type": "signature", "date": D("2013-06-03")})
    assert changes(MINI, new) == (["    actions: []"],
                                  ["    actions:", "      - {type: signature, date: 2013-06-03}"])


def test_block_style_actions_keep_their_block_scalar():
    new = edit.add_action(MINI, "EST", {"type": "domestic_approval", "date": D("2014-05-01")})
    assert changes(MINI, new) == ([], ["      - {type: domestic_approval, date: 2014-05-01}"])
    est = store.parse(new, "t.yaml").participant("EST")
    assert est.actions[0].note == "# a note line, not a comment\n"
    # before the approval: inserted above its block, never inside the signature's note
    new = edit.add_action(MINI, "EST", {"type": "domestic_approval", "date": D("2014-01-15")})
    assert changes(MINI, new) == ([], ["      - {type: domestic_approval, date: 2014-01-15}"])
    assert [t for t, _ in actions_of(new, "EST")] == ["signature", "domestic_approval",
                                                      "approval"]


def test_flow_list_is_rewritten_keeping_its_comment():
    new = edit.add_action(MINI, "FIN", {"type": "ratification", "date": D("2014-04-02")})
    removed, added = changes(MINI, new)
    assert removed == ["    actions: [{type: signature, date: 2013-06-03}]   # flow style"]
    assert added == ["    actions:   # flow style", "      - {type: signature, date: 2013-06-03}",
                     "      - {type: ratification, date: 2014-04-02}"]


def test_declarations_after_actions_stay_after():
    new = edit.add_action(MINI, "FRA", {"type": "ratification", "date": D("2014-04-02")})
    assert changes(MINI, new) == ([], ["      - {type: ratification, date: 2014-04-02}"])
    lines = new.splitlines()
    assert lines[lines.index("      - {type: ratification, date: 2014-04-02}") + 1] == \
        "    declarations:"


def test_actions_key_goes_before_declarations():
    new = edit.add_action(MINI, "DEU", {"type": "ratification", "date": D("2014-04-02")})
    assert changes(MINI, new) == ([], ["    actions:",
                                       "      - {type: ratification, date: 2014-04-02}"])
    lines = new.splitlines()
    i = lines.index("  - code: DEU")
    assert lines[i + 1:i + 4] == ["    actions:", "      - {type: ratification, date: 2014-04-02}",
                                  "    declarations:"]


def test_indentless_sequence_keeps_its_indent():
    new = edit.add_action(MINI, "GBR", {"type": "ratification", "date": D("2014-04-02")})
    assert changes(MINI, new) == ([], ["    - {type: ratification, date: 2014-04-02}"])
    assert new.endswith("    - {type: ratification, date: 2014-04-02}\n  # trailing comment\n")


def test_new_participant_goes_in_code_order():
    new = edit.add_action(MINI, "CAN", {"type": "accession", "date": D("2019-06-19")})
    assert changes(MINI, new) == ([], ["  - code: CAN", "    actions:",
                                       "      - {type: accession, date: 2019-06-19}"])
    codes = [p.code for p in store.parse(new, "t.yaml").participants]
    assert codes.index("CAN") == codes.index("BEL") + 1
    # before the first one: above the comment that leads into it
    new = edit.add_action(MINI, "AFG", {"type": "accession", "date": D("2020-07-29")})
    lines = new.splitlines()
    assert lines[lines.index("participants:") + 1:lines.index("participants:") + 5] == [
        "  - code: AFG", "    actions:", "      - {type: accession, date: 2020-07-29}",
        "  # Austria comes first"]
    # after the last one, before the trailing comment
    new = edit.add_action(MINI, "ZAF", {"type": "signature", "date": D("2013-06-25")})
    assert new.endswith("  - code: ZAF\n    actions:\n      - {type: signature, date: 2013-06-25}\n"
                        "  # trailing comment\n")


@pytest.mark.parametrize("value", ["participants: []", "participants:", "participants: null"])
def test_first_participant_of_an_empty_file(value):
    text = MINI[:MINI.index("participants:")] + value + "   # none yet\n"
    new = edit.add_action(text, "AFG", {"type": "accession", "date": D("2020-07-29")})
    assert new.endswith("participants:   # none yet\n  - code: AFG\n    actions:\n"
                        "      - {type: accession, date: 2020-07-29}\n")
    assert actions_of(new, "AFG") == [("accession", D("2020-07-29"))]


def test_a_file_with_only_its_treaty_block_gets_a_participants_list():
    text = MINI[:MINI.index("participants:")].rstrip("\n")
    new = edit.add_action(text, "AFG", {"type": "accession", "date": D("2020-07-29")})
    assert changes(text, new) == ([], ["participants:", "  - code: AFG", "    actions:",
                                       "      - {type: accession, date: 2020-07-29}"])
    assert actions_of(new, "AFG") == [("accession", D("2020-07-29"))]


def test_comments_and_formatting_elsewhere_survive():
    new = MINI
    for code in ("AUT", "BEL", "DNK", "EST", "FRA", "DEU", "GBR", "CAN"):
        new = edit.add_action(new, code, {"type": "ratification", "date": D("2014-09-25"),
                                          "source": "untc2026"})
    for line in MINI.splitlines():
        if line not in ("    actions: []",):
            assert line in new.splitlines(), line
    assert new.count("#") == MINI.count("#")


def test_crlf_file_keeps_crlf_and_no_final_newline_is_handled():
    crlf = MINI.replace("\n", "\r\n")
    new = edit.add_action(crlf, "AUT", RATIFIED)
    assert "\n" not in new.replace("\r\n", "")
    assert changes(crlf, new)[1] == ["      - " + RATIFIED_LINE]
    bare = MINI[:MINI.index("  # trailing comment")].rstrip("\n")
    new = edit.add_action(bare, "GBR", {"type": "ratification", "date": D("2014-04-02")})
    assert new.endswith("    - {type: signature, date: 2013-06-03, source: \"untc2026\"}\n"
                        "    - {type: ratification, date: 2014-04-02}\n")


def test_one_word_sources_follow_the_files_quoting():
    plain = MINI.replace('source: "untc2026"', "source: untc2026")
    new = edit.add_action(plain, "AUT", RATIFIED)
    assert changes(plain, new)[1] == [
        "      - {type: ratification, date: 2014-06-03, source: untc2026}"]
    url = {**RATIFIED, "source": "https://treaties.un.org/x"}
    assert changes(plain, edit.add_action(plain, "AUT", url))[1] == [
        '      - {type: ratification, date: 2014-06-03, source: "https://treaties.un.org/x"}']


@pytest.mark.parametrize("source", [
    "C.N.123.2026.TREATIES-XVIII.16: deposit", 'say "yes"', "a # not a comment", "Côte d'Ivoire",
    "back\\slash", "two\nlines", "tab\there", "ünïcødé – 越南 🇻🇳", "line\u2028separator",
    "\x7fdel", "{braces}, [brackets]", "'single'", "null", "- dash", "", " leading space",
])
def test_sources_are_quoted_safely(source):
    new = edit.add_action(MINI, "AUT", {**RATIFIED, "source": source})
    action = store.parse(new, "t.yaml").participant("AUT").actions[-1]
    assert action.source == source
    assert len(changes(MINI, new)[1]) == 1


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"])))
def test_quote_round_trips_any_text(text):
    assert yamlload.load("k: " + edit.quote(text)) == {"k": text}


def test_format_action_order_and_defaults():
    line = edit.format_action({"note": "n", "source": "s", "type": "signature",
                               "date": D("2013-06-03"), "earliest": D("2013-06-03"),
                               "confidence": "reported"})
    assert line == ('{type: signature, date: 2013-06-03, earliest: 2013-06-03, '
                    'confidence: reported, source: "s", note: "n"}')


def test_remove_action_deletes_exactly_its_lines():
    text = edit.add_action(MINI, "AUT", RATIFIED)
    new = edit.remove_action(text, "AUT", "ratification", D("2014-06-03"))
    assert new == MINI
    new = edit.remove_action(MINI, "EST", "signature", D("2013-06-03"))
    removed, added = changes(MINI, new)
    assert added == [] and removed == ["      - type: signature", "        date: 2013-06-03",
                                       "        note: |", "          # a note line, not a comment"]


@pytest.mark.parametrize("code", ["AUT", "BEL", "FRA", "DEU", "GBR", "CAN"])
def test_record_then_remove_gives_back_the_same_bytes(code):
    added = edit.add_action(MINI, code, {"type": "ratification", "date": D("2014-09-25")})
    if code == "CAN":  # a participant the file lacked stays, with an empty list
        removed = edit.remove_action(added, code, "ratification", D("2014-09-25"))
        assert changes(MINI, removed) == ([], ["  - code: CAN"])
        return
    assert edit.remove_action(added, code, "ratification", D("2014-09-25")) == MINI


def test_remove_last_action_of_a_flow_list_and_a_missing_action():
    new = edit.remove_action(MINI, "FIN", "signature", D("2013-06-03"))
    assert changes(MINI, new) == (
        ["    actions: [{type: signature, date: 2013-06-03}]   # flow style"],
                                  ["    actions: []   # flow style"])
    with pytest.raises(RefusedChange, match="AUT has no ratification dated 2014-06-03"):
        edit.remove_action(MINI, "AUT", "ratification", D("2014-06-03"))
    with pytest.raises(RefusedChange, match="CAN is not in the file"):
        edit.remove_action(MINI, "CAN", "accession", D("2019-06-19"))


def test_set_data_as_of_changes_one_line_and_keeps_its_comment():
    new = edit.set_data_as_of(MINI, D("2026-02-03"))
    assert changes(MINI, new) == (["  data_as_of: 2014-01-01         # reconciled with UNTC"],
                                  ["  data_as_of: 2026-02-03         # reconciled with UNTC"])
    assert store.parse(new, "t.yaml").data_as_of == D("2026-02-03")


def test_set_data_as_of_adds_the_key_in_schema_order():
    text = MINI.replace("  data_as_of: 2014-01-01         # reconciled with UNTC\n", "")
    new = edit.set_data_as_of(text, D("2026-02-03"))
    assert changes(text, new) == ([], ["  data_as_of: 2026-02-03"])
    lines = new.splitlines()
    assert lines[lines.index("  data_as_of: 2026-02-03") + 1] == "  entered_into_force: null"


def test_odd_layouts_are_refused_not_corrupted():
    text = MINI.replace("  - code: BEL   # Belgium: no actions key yet", "  - {code: BEL}")
    with pytest.raises(RefusedChange, match="one-line mapping"):
        edit.add_action(text, "BEL", RATIFIED)
    text = MINI.replace("  - code: AUT   # Austria\n", "  -\n    code: AUT\n")
    try:
        new = edit.add_action(text, "AUT", RATIFIED)
    except RefusedChange:
        return
    assert actions_of(new, "AUT")[-1] == ("ratification", D("2014-06-03"))


def test_unified_diff_is_git_style():
    new = edit.add_action(MINI, "AUT", RATIFIED)
    diff = edit.unified_diff(MINI, new, "data/att.yaml")
    assert diff.startswith("--- a/data/att.yaml\n+++ b/data/att.yaml\n@@ ")
    assert [line for line in diff.splitlines()
            if line[:1] in "+-" and line[:3] not in ("---", "+++")] \
        == ["+      - " + RATIFIED_LINE]
    assert edit.unified_diff(MINI, MINI, "x") == ""


def test_add_actions_batch_proves_once():
    new = edit.add_actions(MINI, [("AUT", RATIFIED), ("CAN", {"type": "accession",
                                                              "date": D("2019-06-19")}),
                                  ("BEL", {"type": "ratification", "date": "2014-06-03"})])
    assert actions_of(new, "CAN") == [("accession", D("2019-06-19"))]
    assert actions_of(new, "BEL") == [("ratification", D("2014-06-03"))]
    assert len(changes(MINI, new)[1]) == 1 + 3 + 2 and changes(MINI, new)[0] == []


ITEM = st.tuples(
    st.sampled_from(["AUT", "BEL", "DNK", "EST", "FIN", "FRA", "DEU", "GBR",   # in the file
                     "AFG", "CAN", "AGO", "ZWE", "ARG"]),                      # added by it
    st.fixed_dictionaries({
        "type": st.sampled_from(["signature", "ratification", "accession", "acceptance"]),
        "date": st.dates(D("2013-06-01"), D("2016-12-31")),
    }, optional={"source": st.sampled_from(["untc2026", "two words", "a: b", "C.N.1.2014"]),
                 "note": st.sampled_from(["checked", "# not a comment"])}))


@settings(max_examples=150, deadline=None)
@given(st.lists(ITEM, min_size=1, max_size=12), st.sampled_from(["mini", "hanoi"]))
def test_the_single_parse_insert_agrees_with_one_by_one(items, which):
    """The fast batch insert and its oracle give the same bytes wherever the fast one applies
    (and the slow one is what `add_actions` returns elsewhere)."""
    from conftest import HANOI
    text = MINI if which == "mini" else HANOI.read_text(encoding="utf-8")
    slow = edit.add_actions_one_by_one(text, items)
    fast = edit.insert_at_once(text, yamlload.load(text),
                         [(code, edit.normal_action(a)) for code, a in items])
    assert fast is None or fast == slow
    assert edit.add_actions(text, items) == slow
