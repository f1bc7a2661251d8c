"""examples/ (issue 12, alerts as a recipe): the cron script, its crontab line and the GitHub
Actions workflow parse, call only commands and options the CLI really has, and the script does
its job end to end against the local test server of test_sync."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess

import pytest
import yaml
from typer.main import get_command

from conftest import ROOT
from ratify.cli import app
from test_sync import ATT_PAGE, Server, with_new_deposit

EXAMPLES = ROOT / "examples"
SCRIPT = EXAMPLES / "sync-and-commit.sh"
WORKFLOW = EXAMPLES / "github-workflow.yml"
CRONTAB = EXAMPLES / "crontab"
GLOBAL_VALUES = {"--data", "--treaty", "--today"}


def ratify_calls(script: str) -> list[list[str]]:
    """Every `ratify ...` command of a shell script, as its words (quotes respected; split at
    `;`, `&&`, `||`, `|`, `$(`, `)` and braces)."""
    calls = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split, lexer.commenters = True, "#"
        command: list[str] = []
        for token in [*lexer, ";"]:
            if token in ("{", "}") or not token.strip("();<>|&"):
                if command and command[0] == "ratify":
                    calls.append(command[1:])
                command = []
            else:
                command.append(token)
    return calls


def check_call(words: list[str]) -> str:
    """The command `words` names; AssertionError when it or an option is not the CLI's."""
    group = get_command(app)
    i = 0
    while i < len(words) and words[i].startswith("--"):
        i += 2 if words[i] in GLOBAL_VALUES else 1
    assert i < len(words), f"no command in ratify {' '.join(words)}"
    name = words[i]
    assert name in group.commands, f"ratify has no command {name!r}"
    command = group.commands[name]
    options = {opt: param for param in command.params for opt in param.opts +
               param.secondary_opts}
    rest = words[i + 1:]
    j = 0
    while j < len(rest):
        word = rest[j]
        if word.startswith("-"):
            assert word in options, f"ratify {name} has no option {word}"
            j += 1 if options[word].is_flag or options[word].count else 2
        else:
            j += 1
    return name


def workflow_scripts() -> list[str]:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return [step["run"] for job in flow["jobs"].values() for step in job["steps"]
            if "run" in step]


def test_the_workflow_is_valid_yaml_run_daily_and_publishes():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads `on` as true
    assert [entry["cron"] for entry in triggers["schedule"]] == ["17 6 * * *"]
    uses = [step.get("uses", "") for job in flow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert flow["permissions"]["contents"] == "write"


def test_every_command_of_the_examples_is_one_the_cli_has():
    texts = [*workflow_scripts(), SCRIPT.read_text(encoding="utf-8")]
    names = [check_call(words) for text in texts for words in ratify_calls(text)]
    assert {"sync", "diff", "feed", "badge"} <= set(names)
    syncs = [words for text in texts for words in ratify_calls(text) if "sync" in words]
    assert len(syncs) == 2 and all("--exit-code" in words for words in syncs)


def test_the_checker_catches_a_command_or_option_the_cli_lacks():
    with pytest.raises(AssertionError, match="no command 'synch'"):
        check_call(["synch"])
    with pytest.raises(AssertionError, match="no option --exitcode"):
        check_call(["--data", "x.yaml", "sync", "--exitcode"])
    assert ratify_calls('x=$(ratify --data d diff "$b") && ratify feed -o f # ratify no') == [
        ["--data", "d", "diff", "$b"], ["feed", "-o", "f"]]


def test_the_crontab_line_runs_the_script_daily():
    entries = [line for line in CRONTAB.read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#")]
    assert len(entries) == 1
    fields = entries[0].split(None, 5)
    assert fields[:5] == ["17", "6", "*", "*", "*"] and "examples/sync-and-commit.sh" in fields[5]
    assert "%" not in fields[5]  # cron reads an unescaped % as a newline
    assert "2>&1" in fields[5] and "$out" in fields[5]  # ratify's one line reaches the mail
    subprocess.run(["sh", "-n", str(SCRIPT)], check=True)  # the script parses


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("ratify") is None,
                    reason="needs git and the installed `ratify` command")
def test_the_script_commits_a_change_with_the_diff_and_refreshes_the_feed(tmp_path):
    server = Server()
    try:
        url = server.serve("/page", (200, {}, with_new_deposit()))
        tracker = tmp_path / "tracker"
        (tracker / "data").mkdir(parents=True)
        text = (ROOT / "data" / "treaties" / "att.yaml").read_text(encoding="utf-8")
        old = text[text.index("  status_url:"):].split("\n", 1)[0]
        (tracker / "data" / "states.yaml").write_text(text.replace(old, f'  status_url: "{url}"'),
                                                      encoding="utf-8")
        env = {**os.environ, "RATIFY_TRACKER": str(tracker), "GIT_AUTHOR_NAME": "t",
               "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@example.org", "NO_COLOR": "1"}

        def git(*args):
            return subprocess.run(["git", *args], cwd=tracker, env=env, check=True,
                                  capture_output=True, text=True).stdout
        git("init", "-q")
        git("add", "data/states.yaml")
        git("commit", "-q", "-m", "start")
        first = subprocess.run(["sh", str(SCRIPT)], env=env, capture_output=True, text=True)
        assert first.returncode == 3, first.stderr
        message = git("log", "-1", "--format=%B")
        assert message.startswith("ratify sync: the UN Treaty Collection's status page changed")
        assert "Zimbabwe" in message and "ratification" in message
        assert "Zimbabwe ratified" in (tracker / "public" / "feed.xml").read_text("utf-8")
        assert (tracker / "public" / "badge.svg").read_text("utf-8").startswith("<svg")
        commits = git("rev-list", "--count", "HEAD")
        server.serve("/page", (200, {}, with_new_deposit()))
        again = subprocess.run(["sh", str(SCRIPT)], env=env, capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
        assert git("rev-list", "--count", "HEAD") == commits
        server.serve("/page", (200, {}, ATT_PAGE[: len(ATT_PAGE) // 2]))
        failed = subprocess.run(["sh", str(SCRIPT)], env=env, capture_output=True, text=True)
        assert failed.returncode == 1 and "ratify: " in failed.stderr
        assert git("status", "--porcelain", "--", "data") == ""  # the file untouched
        # a change that was synced but never committed is not synced over, nor lost
        states = tracker / "data" / "states.yaml"
        states.write_text(states.read_text("utf-8") + "\n", encoding="utf-8")
        dirty = subprocess.run(["sh", str(SCRIPT)], env=env, capture_output=True, text=True)
        assert dirty.returncode == 1 and "uncommitted changes" in dirty.stderr
    finally:
        server.close()
