"""Every `$ assay ...` example in the README runs against a store built from the samples,
exits as shown, and prints the output lines the README shows.

The store is built the way `make demo` builds it. In a ```console block, a `$ assay`
line is run with `--db` pointing at that store; the lines after it, up to the next `$`
line, are its output, each of which must appear in what the command prints ("..." on a
line of its own stands for lines left out, inside a line for text left out). `$ echo $?`
followed by a number gives the exit code the command before must end with (0 otherwise).
Tables are rendered at the width the README shows them at, so their lines match exactly.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import app
from assay.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# The order `make demo` ingests the samples in: article ids follow it.
DEMO_TARGETS = ("html", "text", "markdown", "email", "articles.jsonl")
TABLE = re.compile(r"^[┏┃┡│├└╭]")


@dataclass
class Example:
    line: int
    args: list[str]
    output: list[str] = field(default_factory=list)
    exit_code: int = 0

    @property
    def width(self) -> int:
        """The width the README's tables were printed at (100 when it shows none)."""
        return max((len(line) for line in self.output if TABLE.match(line)), default=100)


def shows(readme_line: str, printed: str) -> bool:
    """A printed line is the README's; "..." inside a README line stands for any text."""
    if "..." not in readme_line:
        return readme_line == printed
    pattern = ".*".join(re.escape(part) for part in readme_line.split("..."))
    return re.fullmatch(pattern, printed) is not None


def readme_examples(text: str) -> list[Example]:
    examples: list[Example] = []
    in_console = False
    current: Example | None = None
    expect_code = False
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            in_console = line.strip() == "```console"
            current, expect_code = None, False
            continue
        if not in_console:
            continue
        if line.startswith("$ "):
            expect_code = line.strip() == "$ echo $?"
            if line.startswith("$ assay "):
                current = Example(n, shlex.split(line[len("$ assay ") :], comments=True))
                examples.append(current)
            elif not expect_code:
                current = None
            continue
        if expect_code and line.strip().isdigit():
            assert examples, f"README line {n}: '$ echo $?' before any assay command"
            examples[-1].exit_code = int(line.strip())
            expect_code = False
        elif current is not None and line.strip() not in ("", "..."):
            current.output.append(line.rstrip())
    return examples


EXAMPLES = readme_examples(README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The `make demo` store, with the user's model folder (the fast embedder) kept."""
    model_dir = os.environ.get("ASSAY_MODEL_DIR") or str(load_settings().model_dir)
    with pytest.MonkeyPatch.context() as patch:
        for key in [k for k in os.environ if k.startswith("ASSAY_")]:
            patch.delenv(key)
        folder = tmp_path_factory.mktemp("readme")
        patch.setenv("ASSAY_CONFIG", str(folder / "absent.toml"))
        patch.setenv("ASSAY_MODEL_DIR", model_dir)
        from assay.enrich.embed import fast_model_path

        if not fast_model_path(load_settings()).exists():
            pytest.skip("the fast embedder is not built (make install builds it)")
        db = folder / "assay.db"
        targets = [str(ROOT / "samples" / t) for t in DEMO_TARGETS]
        result = CliRunner().invoke(app, ["--db", str(db), "ingest", *targets])
        assert result.exit_code == 0, result.output
        yield db


def test_readme_has_examples_of_every_command_group() -> None:
    commands = {e.args[0] for e in EXAMPLES}
    assert {"articles", "entities", "facts", "search", "related", "ingest"} <= commands
    assert any(e.exit_code for e in EXAMPLES), "the README shows no exit code"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"line{e.line}")
def test_readme_example_runs_as_shown(demo_db: Path, example: Example) -> None:
    runner = CliRunner()
    env = {"COLUMNS": str(example.width)}
    result = runner.invoke(app, ["--db", str(demo_db), *example.args], env=env)
    printed = [line.rstrip() for line in (result.stdout + result.stderr).splitlines()]
    shown = "\n".join(printed)
    assert result.exit_code == example.exit_code, f"exit {result.exit_code}:\n{shown}"
    missing = [line for line in example.output if not any(shows(line, p) for p in printed)]
    assert missing == [], f"README line(s) not printed:\n{missing}\nprinted:\n{shown}"
