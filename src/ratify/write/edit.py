"""Minimal-diff text edits of a data file (record, remove, import, reconcile, retire-note).

Pure text functions (`add_action`, `add_actions`, `remove_action`, `set_data_as_of`,
`remove_note`) that change only the lines they must. They find their place through the strict
loader's line numbers and prove their work: the edited text must load to exactly the old data
plus the intended change, or the edit is refused. Comments, order and formatting elsewhere are
untouched. Writing the result to disk is `safefile.transaction`'s job.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re

from ..datafile import yamlload
from ..errors import DataFileError, RefusedChange

ACTION_KEY_ORDER = ("type", "date", "earliest", "confidence", "source", "note")
TREATY_KEY_ORDER = ("id", "title", "short_title", "reference", "depositary", "adopted",
                    "signature", "data_as_of", "entered_into_force", "source", "sources", "clause",
                    "entry_into_force", "withdrawal", "notes")


def unified_diff(old: str, new: str, path: str) -> str:
    """`git diff`-style text of a change ('' when nothing changed)."""
    if old == new:
        return ""
    label = path.lstrip("/")
    lines = difflib.unified_diff(_with_eol(old), _with_eol(new), f"a/{label}", f"b/{label}")
    return "".join(lines)


def _with_eol(text: str) -> list[str]:
    lines = _split(text)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


# -- pure text edits --------------------------------------------------------------------------


def add_action(text: str, code: str, action: dict) -> str:
    """Insert one action line, in date order, among `code`'s actions (adding the participant
    in code order when the file lacks it)."""
    return add_actions(text, [(code, action)])


def add_actions(text: str, items: list[tuple[str, dict]]) -> str:
    """Insert several actions; the result is proven once, at the end. From a single parse
    where the layout allows (`insert_at_once`), else one by one."""
    data = _load(text)
    fast = insert_at_once(text, data, [(code, normal_action(a)) for code, a in items])
    if fast is not None:
        return fast
    return add_actions_one_by_one(text, items, data)


def add_actions_one_by_one(text: str, items: list[tuple[str, dict]], data=None) -> str:
    """`add_actions` inserting each action into the text as parsed after the one before: the
    slow path for the layouts `insert_at_once` leaves alone, and its test oracle (the two must agree
    byte for byte where both apply)."""
    data = _load(text) if data is None else data
    expected = copy.deepcopy(data)
    for code, action in items:
        action = normal_action(action)
        text, data = _insert(text, data, code, action)
        _expect_insert(expected, code, action)
    _prove(data, expected, "add the action")
    return text


def remove_action(text: str, code: str, kind: str, day: dt.date) -> str:
    """Remove `code`'s action of type `kind` dated `day` (the first, if recorded twice)."""
    data = _load(text)
    index, p = _find_participant(data, code)
    if p is None:
        raise RefusedChange(f"{code} is not in the file")
    actions = p.get("actions") if isinstance(p, dict) else None
    found = next((i for i, a in enumerate(actions or []) if isinstance(a, dict)
                  and a.get("type") == kind and a.get("date") == day), None)
    if found is None:
        raise RefusedChange(f"{code} has no {kind} dated {day} to remove")
    expected = copy.deepcopy(data)
    entry = expected["participants"][index]
    del entry["actions"][found]
    lines = _split(text)
    key_row = p.line_of("actions") - 1
    if _is_block(actions, key_row, lines):
        row = actions.lines[found] - 1
        del lines[row:_item_end(lines, row, _indent(lines[row])) + 1]
        if len(actions) == 1 and _empty_key(lines, key_row, "actions") == "dropped":
            del entry["actions"]
    else:
        lines = _rewrite_sequence(lines, p, key_row, "actions", entry["actions"],
                                  _action_offset(data, lines))
    new = "".join(lines)
    _prove(_load(new), expected, "remove the action")
    return new


def set_data_as_of(text: str, day: dt.date) -> str:
    """Set treaty.data_as_of, changing that one line (or adding it in schema order)."""
    data = _load(text)
    treaty = data.get("treaty") if isinstance(data, dict) else None
    if not isinstance(treaty, yamlload.Mapping):
        raise RefusedChange("the file has no treaty mapping to set data_as_of in")
    expected = copy.deepcopy(data)
    expected["treaty"]["data_as_of"] = day
    lines = _split(text)
    col = _key_col(lines[treaty.line - 1])
    if "data_as_of" in treaty:
        row = treaty.line_of("data_as_of") - 1
        content, comment = _split_comment(lines[row])
        match = re.fullmatch(r"(\s*data_as_of:\s*)\S*(\s*)", content)
        if not match:
            raise RefusedChange("cannot edit data_as_of in place: write the treaty block in "
                                "block style", line=row + 1)
        lines[row] = match[1] + day.isoformat() + match[2] + comment + _eol(lines[row], lines)
    else:
        later = [k for k in TREATY_KEY_ORDER[TREATY_KEY_ORDER.index("data_as_of") + 1:]
                 if k in treaty]
        row = _above_comments(lines, treaty.line_of(later[0]) - 1) if later else \
            _item_end(lines, treaty.line - 1, col - 1) + 1
        _insert_lines(lines, row, [" " * col + f"data_as_of: {day.isoformat()}"])
    new = "".join(lines)
    _prove(_load(new), expected, "set data_as_of")
    return new


def remove_note(text: str, number: int) -> str:
    """Remove treaty.notes item `number` (1-based, in file order), changing only its lines (and
    the `notes:` key when it was the last one)."""
    data = _load(text)
    treaty = data.get("treaty") if isinstance(data, dict) else None
    notes = treaty.get("notes") if isinstance(treaty, yamlload.Mapping) else None
    count = len(notes) if isinstance(notes, list) else 0
    if not 1 <= number <= count:
        raise RefusedChange(f"there is no note {number}" + (
            f"; the file has {count} (ratify status lists them)" if count else
            "; the file has no notes"))
    expected = copy.deepcopy(data)
    del expected["treaty"]["notes"][number - 1]
    lines = _split(text)
    key_row = treaty.line_of("notes") - 1
    if not _is_block(notes, key_row, lines):
        raise RefusedChange("treaty.notes is written in flow style ([...]); write it as a block "
                            "list to retire a note", line=key_row + 1)
    row = notes.lines[number - 1] - 1
    del lines[row:_item_end(lines, row, _indent(lines[row])) + 1]
    if count == 1 and _empty_key(lines, key_row, "notes") == "dropped":
        del expected["treaty"]["notes"]
    new = "".join(lines)
    _prove(_load(new), expected, "retire the note")
    return new


def format_action(action: dict, quote_words: bool = True) -> str:
    """One flow-style mapping: {type: ratification, date: 2026-03-01, source: "..."}.

    Free text (source, note) is double-quoted; with `quote_words=False` a single word such as a
    source key (untc2026) is left plain, as some files write it.
    """
    keys = [k for k in ACTION_KEY_ORDER if k in action] + \
        [k for k in action if k not in ACTION_KEY_ORDER]
    return "{" + ", ".join(f"{k}: {_value(k, action[k], quote_words)}" for k in keys) + "}"


def _value(key: str, value, quote_words: bool) -> str:
    if isinstance(value, str) and key not in ("type", "confidence") and quote_words:
        return quote(value)
    return _scalar(value)


_QUOTED_SOURCE = re.compile(r"\bsource: \"")
_WORD_SOURCE = re.compile(r"\bsource: \w")


def _quotes_words(text: str) -> bool:
    """Whether the file quotes one-word sources (`source: "untc"`) rather than not."""
    quoted, words = _source_counts(text)
    return quoted >= words


def _source_counts(text: str) -> tuple[int, int]:
    """How many sources the text quotes, and how many it writes as a plain word (`_quotes_words`
    compares them; neither pattern spans a line, so the counts of a text are its lines' sums)."""
    return len(_QUOTED_SOURCE.findall(text)), len(_WORD_SOURCE.findall(text))


# -- inside the text edits ---------------------------------------------------------------------

_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])|"
                   r"[^\r\n\x85\u2028\u2029]+$")
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SPECIAL_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


def _split(text: str) -> list[str]:
    """Lines with their endings, broken where YAML counts line breaks (so numbers agree)."""
    return _LINE.findall(text)


def _load(text: str):
    try:
        return yamlload.load(text)
    except yamlload.YamlProblem as exc:
        raise DataFileError(exc.message, line=exc.line) from None


def _prove(actual, expected, what: str) -> None:
    if actual != expected:
        raise RefusedChange(f"could not {what} without disturbing the rest of the file",
                            hint="the file's layout is unusual here; edit it by hand")


def normal_action(action: dict) -> dict:
    """An action as `add_action` writes it: empty keys and the default confidence dropped,
    ISO date strings made dates."""
    result = {}
    for key, value in action.items():
        if value is None or (key == "confidence" and value == "depositary"):
            continue
        if key in ("date", "earliest") and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        result[key] = value
    return result


def _newline(lines: list[str]) -> str:
    return "\r\n" if lines and lines[0].endswith("\r\n") else "\n"


def _insert_lines(lines: list[str], row: int, new: list[str]) -> None:
    """Insert `new` (without line ends) before index `row`."""
    eol = _newline(lines)
    if row > 0 and row == len(lines) and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += eol
    lines[row:row] = [line + eol for line in new]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_col(line: str) -> int:
    """Column where a line's first key starts, after any `- ` of a sequence item."""
    return re.match(r"^(?:\s*-(?:\s+|$))*\s*", line).end()


def _item_end(lines: list[str], row: int, col: int) -> int:
    """Index of the last line of the node starting at `row` whose parent sits at column `col`:
    every later non-blank line indented deeper belongs to it, up to the next content line that is
    not (full-line comments at or left of `col` do not end it, nor belong to it)."""
    end = row
    for i in range(row + 1, len(lines)):
        stripped = lines[i].strip()
        if not stripped:
            continue
        if _indent(lines[i]) > col:
            end = i
        elif not stripped.startswith("#"):
            break
    return end


def _above_comments(lines: list[str], row: int) -> int:
    """Move an insertion point above the full-line comments that lead into `row` (indented no
    deeper than it: deeper `#` lines may be the end of a block scalar above)."""
    col = _indent(lines[row]) if row < len(lines) else 0
    while row > 0 and lines[row - 1].strip().startswith("#") and _indent(lines[row - 1]) <= col:
        row -= 1
    return row


def _split_comment(line: str) -> tuple[str, str]:
    """(content, comment) of a line without its ending, honouring quotes; the comment keeps the
    spaces before its `#`."""
    body = line.rstrip("\r\n")
    quote, i = None, 0
    while i < len(body):
        ch = body[i]
        if quote == '"' and ch == "\\":
            i += 1
        elif quote == "'" and ch == "'" and body[i + 1:i + 2] == "'":
            i += 1
        elif quote and ch == quote:
            quote = None
        elif not quote and ch in "'\"" and (i == 0 or body[i - 1] in " \t[{,:-"):
            quote = ch
        elif not quote and ch == "#" and (i == 0 or body[i - 1] in " \t"):
            start = len(body[:i].rstrip())
            return body[:start], body[start:]
        i += 1
    return body, ""


def _find_participant(data, code: str):
    participants = data.get("participants") if isinstance(data, dict) else None
    for i, p in enumerate(participants or []):
        if isinstance(p, dict) and p.get("code") == code:
            return i, p
    return None, None


def _is_block(seq, key_row: int, lines: list[str]) -> bool:
    """Whether a sequence value is written in block style (`- item` lines)."""
    if not isinstance(seq, yamlload.Sequence) or not seq:
        return False
    row = seq.line - 1
    return row != key_row and lines[row].lstrip().startswith("-")


def _action_offset(data, lines: list[str]) -> int:
    """How far the file indents action items from their `actions:` key (2 when no example)."""
    for p in data.get("participants") or []:
        if isinstance(p, yamlload.Mapping) and isinstance(p.get("actions"), yamlload.Sequence):
            key_row = p.line_of("actions") - 1
            if _is_block(p["actions"], key_row, lines):
                return _indent(lines[p["actions"].lines[0] - 1]) - _key_col(lines[key_row])
    return 2


def _insert(text: str, data, code: str, action: dict):
    """One step of `add_actions_one_by_one`: a batch of one through `_plan`, else the layouts it
    leaves (`_insert_by_rewrite`); the new text and its parse."""
    lines = _plan(text, data, [(code, action)])
    if lines is None:
        lines = _insert_by_rewrite(text, data, code, action)
    text = "".join(lines)
    return text, _load(text)


def insert_at_once(text: str, data, items: list[tuple[str, dict]]) -> str | None:
    """`add_actions` from a single parse (`_plan`), proven once; None for a layout `_plan` does
    not handle and for a result that does not prove: `add_actions_one_by_one` does those, and
    words any refusal."""
    if not all(isinstance(code, str) and type(a.get("date")) is dt.date for code, a in items):
        return None
    lines = _plan(text, data, items)
    if lines is None:
        return None
    new = "".join(lines)
    expected = copy.deepcopy(data)
    for code, action in items:
        _expect_insert(expected, code, action)
    return new if _load(new) == expected else None


def _plan(text: str, data, items: list[tuple[str, dict]]) -> list[str] | None:
    """The lines of `text` with `items` inserted: each participant's new lines are placed from
    the one parse `data` and inserted in one go, participants from the bottom of the file up, so
    the line numbers above stay valid. None for the layouts where an insertion is more than
    added lines (flow-style or empty action lists, one-line participants, a flow participants
    list), or where a batch would not land as the same actions inserted one by one."""
    if not isinstance(data, yamlload.Mapping):
        return None
    batch = _Batch(text, data)
    if batch.participants and not _is_block(batch.participants, batch.key_row, batch.lines):
        return None
    groups = batch.groups(items)
    jobs = None if groups is None else batch.jobs(groups, several=len(items) > 1)
    if jobs is None:
        return None
    batch.insert(jobs)
    return batch.lines


class _Group:
    """The actions a batch adds to one participant: `p`, its mapping in the file (None: a new
    participant), and each action with its line."""

    def __init__(self, p):
        self.p = p
        self.actions: list[tuple[dict, str]] = []


class _Batch:
    """The text's lines and what `_plan` knows of their layout while it inserts."""

    def __init__(self, text: str, data):
        self.lines = _split(text)
        self.offset = _action_offset(data, self.lines)
        self.participants = data.get("participants")
        self.has_list = "participants" in data
        self.key_row = data.line_of("participants") - 1 if self.has_list else None
        self.block = bool(self.participants)   # a block list with participants in it
        self.listed = self.block               # whether there is a list to add to yet
        self.quoted, self.words = _source_counts(text)
        self.dash = 2

    def groups(self, items: list[tuple[str, dict]]) -> dict[str, _Group] | None:
        """First pass, in item order: each action's line (whether one-word sources are quoted
        depends on the lines added before it) and the participant it goes to."""
        known: dict = {}
        for p in self.participants or []:
            if isinstance(p, dict) and isinstance(p.get("code"), str):
                known.setdefault(p["code"], p)   # the first of a code, as _find_participant
        groups: dict[str, _Group] = {}
        for code, action in items:
            line = format_action(action, self.quoted >= self.words)
            added = ["- " + line]
            if code not in groups:
                p = known.get(code)
                if p is None:
                    added += self._list_key() + [f"- code: {code}", "actions:"]
                elif _one_line(p, self.lines) or ("actions" in p and not _is_block(
                        p["actions"], p.line_of("actions") - 1, self.lines)):
                    return None
                elif "actions" not in p:
                    added.append("actions:")
                groups[code] = _Group(p)
            groups[code].actions.append((action, line))
            self._count(added)
        return groups

    def _list_key(self) -> list[str]:
        """Before the first new participant of a file without any: the bare `participants:`
        key (added at the end of a file without it), as a line now written."""
        if self.listed:
            return []
        self.listed = True
        before = self.lines[self.key_row] if self.has_list else ""
        if not self.has_list:
            _insert_lines(self.lines, len(self.lines), ["participants:"])
            self.key_row = len(self.lines) - 1
        _empty_key(self.lines, self.key_row, "participants", keep=True)
        self._count([before], -1)
        return [self.lines[self.key_row]]

    def _count(self, lines: list[str], sign: int = 1) -> None:
        for line in lines:
            quoted, words = _source_counts(line)
            self.quoted, self.words = self.quoted + sign * quoted, self.words + sign * words

    def jobs(self, groups: dict[str, _Group], several: bool) -> list[tuple] | None:
        """Second pass: where each group goes in the text as parsed, bottom up. A new participant
        goes above the first one with a later code (above the comments leading into it), after
        the last one if none; new participants sharing a place go in code order, after anything
        added to the participant above. None when several actions would go into an empty list
        that deeper lines follow (one by one, the later ones land after those lines)."""
        if self.block:
            self.dash = _indent(self.lines[self.participants.lines[0] - 1])
        elif self.key_row is not None:
            self.dash = _key_col(self.lines[self.key_row]) + 2
            if several and _deeper_lines_follow(self.lines, self.key_row, self.dash):
                return None
        jobs = [(group.p.line - 1, 1, code, group) if group.p is not None else
                (self._new_participant_row(code), 0, code, group)
                for code, group in groups.items()]
        return sorted(jobs, key=lambda job: job[:3], reverse=True)

    def _new_participant_row(self, code: str) -> int:
        if not self.block:
            return self.key_row + 1
        after = _later_code(self.participants, code)
        if after is not None:
            return max(_above_comments(self.lines, self.participants.lines[after] - 1),
                       self.key_row + 1)
        return _item_end(self.lines, self.participants.lines[-1] - 1, self.dash) + 1

    def insert(self, jobs: list[tuple]) -> None:
        for row, _existing, code, group in jobs:
            p = group.p
            if p is None:
                key_col = self.dash + 2
                _insert_lines(self.lines, row, [" " * self.dash + f"- code: {code}",
                                                " " * key_col + "actions:"] + [
                    " " * (key_col + self.offset) + "- " + line
                    for line in _in_date_order(group.actions)])
            elif "actions" not in p:
                _insert_actions_key(self.lines, p, self.offset, _in_date_order(group.actions))
            else:
                _insert_block(self.lines, p, group.actions)


def _deeper_lines_follow(lines: list[str], key_row: int, dash: int) -> bool:
    """Whether lines indented deeper than `dash` (comments) follow an empty list's key."""
    for line in lines[key_row + 1:]:
        stripped = line.strip()
        if stripped and _indent(line) > dash:
            return True
        if stripped and not stripped.startswith("#"):
            return False
    return False


def _one_line(p, lines: list[str]) -> bool:
    """Whether a participant is not a mapping of its own lines (`- {code: AUT}`)."""
    return not isinstance(p, yamlload.Mapping) or p.line == p.line_of("code") and \
        _split_comment(lines[p.line - 1])[0].rstrip().endswith("}")


def _later_code(participants, code: str) -> int | None:
    """The index of the first participant whose code sorts after `code`."""
    return next((i for i, q in enumerate(participants) if isinstance(q, dict)
                 and isinstance(q.get("code"), str) and q["code"] > code), None)


def _insert_by_rewrite(text: str, data, code: str, action: dict) -> list[str]:
    """One insertion `_plan` leaves: refused (not a mapping, a flow participants list, a one-line
    participant), or by a rewrite of a flow-style or empty action list as a block."""
    _, p = _find_participant(data, code)
    if p is None:
        if not isinstance(data, yamlload.Mapping):
            raise RefusedChange("the file is not a mapping with a participants list")
        raise RefusedChange("participants are written in flow style ([...]); write them as "
                            "a block list to add to them", line=data.line_of("participants"))
    lines = _split(text)
    if _one_line(p, lines):
        raise RefusedChange(f"{code} is written as a one-line mapping; write it in block style "
                            "to record into it", line=getattr(p, "line", None))
    offset = _action_offset(data, lines)
    line = format_action(action, _quotes_words(text))
    if "actions" not in p:   # in a flow-style participants list
        _insert_actions_key(lines, p, offset, [line])
        return lines
    items = list(p["actions"] or [])
    items.insert(_action_position(items, action["date"]), action)
    return _rewrite_sequence(lines, p, p.line_of("actions") - 1, "actions", items, offset)


def _insert_actions_key(lines: list[str], p, offset: int, action_lines: list[str]) -> None:
    """Give a participant without actions an `actions:` key with these lines, after its other
    keys (above its declarations)."""
    key_col = _key_col(lines[p.line - 1])
    row = _above_comments(lines, p.line_of("declarations") - 1) if "declarations" in p \
        else _item_end(lines, p.line - 1, key_col - 1) + 1
    _insert_lines(lines, row, [" " * key_col + "actions:"] +
                  [" " * (key_col + offset) + "- " + line for line in action_lines])


def _in_date_order(actions: list[tuple[dict, str]]) -> list[str]:
    """The lines of actions inserted one by one, each before the first dated after it."""
    placed: list[tuple[dict, str]] = []
    for action, line in actions:
        placed.insert(_action_position([a for a, _ in placed], action["date"]), (action, line))
    return [line for _, line in placed]


def _insert_block(lines: list[str], p, new: list[tuple[dict, str]]) -> None:
    """Insert actions one by one among a participant's block-style actions, keeping the rows of
    its actions up to date (what a parse after each insertion would say)."""
    key_row = p.line_of("actions") - 1
    actions = list(p["actions"])
    rows = [line - 1 for line in p["actions"].lines]
    dash = _indent(lines[rows[0]])
    for action, line in new:
        position = _action_position(actions, action["date"])
        if position < len(actions):
            row = max(_above_comments(lines, rows[position]), key_row + 1)
        else:
            row = _item_end(lines, rows[-1], _indent(lines[rows[-1]])) + 1
        _insert_lines(lines, row, [" " * dash + "- " + line])
        rows = [r + 1 if r >= row else r for r in rows]
        rows.insert(position, row)
        actions.insert(position, action)


def _action_position(actions, day: dt.date) -> int:
    """Before the first action dated after `day`, else at the end."""
    for i, a in enumerate(actions):
        other = a.get("date") if isinstance(a, dict) else None
        if isinstance(other, dt.date) and other > day:
            return i
    return len(actions)


def _expect_insert(expected, code: str, action: dict) -> None:
    index, p = _find_participant(expected, code)
    if p is None:
        participants = expected.get("participants") or []
        position = _later_code(participants, code)
        participants.insert(len(participants) if position is None else position,
                            {"code": code, "actions": [dict(action)]})
        expected["participants"] = participants
        return
    actions = list(p.get("actions") or [])
    actions.insert(_action_position(actions, action["date"]), dict(action))
    p["actions"] = actions


def _eol(line: str, lines: list[str]) -> str:
    return line[len(line.rstrip("\r\n")):] or _newline(lines)


def _empty_key(lines: list[str], row: int, key: str, keep: bool = False) -> str:
    """After a sequence's last item went: drop a bare `key:` line ("dropped"), else write
    `key: []` ("emptied"), or with `keep` just `key:` ("kept"); what precedes the key (a `- `)
    and a trailing comment stay."""
    content, comment = _split_comment(lines[row])
    prefix = content[:content.index(key + ":") + len(key) + 1]
    if keep:
        lines[row] = prefix + comment + _eol(lines[row], lines)
        return "kept"
    if prefix.strip() == key + ":" and not comment:
        del lines[row]
        return "dropped"
    lines[row] = prefix + " []" + comment + _eol(lines[row], lines)
    return "emptied"


def _rewrite_sequence(lines, p, key_row: int, key: str, items: list, offset: int) -> list[str]:
    """Rewrite a flow-style or empty sequence value as block lines (or `[]` when empty)."""
    key_col = _key_col(lines[key_row])
    end = _item_end(lines, key_row, key_col)
    content, comment = _split_comment(lines[key_row])
    prefix = content[:content.index(key + ":") + len(key) + 1]
    nl = _newline(lines)
    if not items:
        new = [prefix + " []" + comment + nl]
    else:
        words = _quotes_words("".join(lines))
        new = [prefix + comment + nl] + [" " * (key_col + offset) + "- " +
                                         format_action(a, words) + nl for a in items]
    return lines[:key_row] + new + lines[end + 1:]


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, int, float)):
        return value.isoformat() if isinstance(value, dt.date) else repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return format_action(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _SPECIAL_WORDS:
        return text
    return quote(text)


def quote(text: str) -> str:
    """A YAML double-quoted scalar that loads back to exactly `text`."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code <= 0x7E or (0xA0 <= code <= 0xD7FF and ch not in "\u2028\u2029") \
                or (0xE000 <= code <= 0xFFFD and code != 0xFEFF) or code >= 0x10000:
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    out.append('"')
    return "".join(out)
