"""What every system in the benchmark shares: the query record and how peers read the corpus.

The peers index raw lines, as a quick implementation would: no cleaning, no structure. They get
town and year per file from the generator's manifest, a gift the project does not need (it extracts
them), so that filtered queries cost the peers something comparable. Peers have no sections.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

MANIFEST = ".manifest.json"  # written by bench.generate; duplicated so peers never import `search`


@dataclass(frozen=True)
class BenchQuery:
    """One query of the mix: text in the project's syntax plus structured filters."""

    kind: str
    text: str
    towns: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    sections: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, row: dict) -> BenchQuery:
        years = (int(row["years"][0]), int(row["years"][1])) if row.get("years") else None
        return cls(row["kind"], row["text"], tuple(row.get("towns", ())), years, tuple(row.get("sections", ())))

    @property
    def label(self) -> str:
        parts = [self.text or "(browse)"]
        parts += [f"town:{t}" for t in self.towns]
        if self.years:
            parts.append(f"year:{self.years[0]}" if self.years[0] == self.years[1] else f"year:{self.years[0]}..{self.years[1]}")
        parts += [f"section:{s}" for s in self.sections]
        return " ".join(parts)


def corpus_sources(corpus: Path) -> list[str]:
    """Every `*.txt` under `corpus` (relative, sorted), skipping hidden files as the project does."""
    found: list[str] = []
    for folder, dirs, files in os.walk(corpus):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith(".txt") and not name.startswith("."):
                found.append(Path(folder, name).relative_to(corpus).as_posix())
    return sorted(found)


def read_lines(corpus: Path, source: str) -> list[tuple[int, str]]:
    """Non-empty lines with their 1-based numbers; generated and seed files are UTF-8."""
    text = (corpus / source).read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]


def file_meta(corpus: Path) -> dict[str, tuple[str, int]]:
    """Town and year per source from the generator's manifest; empty for a hand-made corpus."""
    path = corpus / MANIFEST
    if not path.is_file():
        return {}
    rows = json.loads(path.read_text(encoding="utf-8"))["reports"]
    return {row["source"]: (row["town"], int(row["year"])) for row in rows}
