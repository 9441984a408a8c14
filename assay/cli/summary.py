"""What a run tells at its end: failures grouped by reason, and the exit code.

Exit codes (documented in the README): 0 everything asked for was done, 1 some inputs
failed (the rest was done) or an error stopped the command, 2 the command line cannot work
as typed, 3 nothing was done (every input failed, or there was no input).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console

from assay.cli.output import assemble

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_NOTHING_DONE = 3

# A run with at most this many failures lists each; more are grouped by reason.
LIST_UP_TO = 5
EXAMPLES = 3

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Problem:
    """One input that failed: a file, line, URL or feed, the stage and the reason."""

    target: str
    stage: str
    reason: str


def exit_code(done: int, failed: int) -> int:
    """0 when nothing failed (and something was there), 1 when some failed, 3 when none
    was done: every input failed, or there was no input at all."""
    if done == 0:
        return EXIT_NOTHING_DONE
    return EXIT_SOME_FAILED if failed else EXIT_OK


def reason_kind(problem: Problem) -> str:
    """The reason with what varies between inputs (names, URLs, numbers) left out, so
    that "File 'a.bin' is binary" and "File 'b.bin' is binary" are one kind."""
    text = problem.reason.replace(problem.target, "…") if problem.target else problem.reason
    text = _URL.sub("…", text)
    text = _QUOTED.sub("…", text)
    return _NUMBER.sub("N", text)


def group_problems(problems: Sequence[Problem]) -> list[tuple[str, str, list[Problem]]]:
    """(stage, reason kind, problems) groups, the largest first."""
    groups: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.stage, reason_kind(problem)), []).append(problem)
    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [(stage, kind, members) for (stage, kind), members in ranked]


def print_problems(
    problems: Sequence[Problem], console: Console, verbosity: int, label: str = "Failed"
) -> None:
    """Each problem on its own line when few (or -v), else one line per kind of reason
    with a count and examples; nothing with -q."""
    if verbosity < 0 or not problems:
        return
    if verbosity > 0 or len(problems) <= LIST_UP_TO:
        for p in problems:
            console.print(assemble((label, "red"), f" {p.target} ({p.stage}): {p.reason}"))
        return
    console.print(assemble((f"{label}: {len(problems)}", "red"), ", by reason:"))
    for stage, kind, members in group_problems(problems):
        shown = ", ".join(p.target for p in members[:EXAMPLES])
        more = f" and {len(members) - EXAMPLES} more" if len(members) > EXAMPLES else ""
        example = members[0].reason if len(members) == 1 else kind
        console.print(assemble(f"  {len(members)} × ({stage}) {example}  e.g. {shown}{more}"))
    console.print("Run with -v to list every one.")
