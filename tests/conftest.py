"""Shared fixtures: the seed reports, copies of them in tmp_path, and re-encoded variants.

Tests never write outside tmp_path. A test that takes a `seed` argument runs once per seed
report (ids 000…004); the argument is a `Seed` with the file's bytes, text and lines. A test that
takes `variant_encoding` runs once per encoding in ENCODINGS; `encode_as` makes those bytes.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True)
class Seed:
    """One seed report as it lies on disk (UTF-8, no BOM)."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def key(self) -> str:
        """The three-digit prefix (000…004) by which tests name seeds."""
        return self.path.name[:3]

    @cached_property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @cached_property
    def text(self) -> str:
        return self.data.decode("utf-8")

    @cached_property
    def lines(self) -> list[str]:
        """1-based line n of the file is lines[n - 1]; only LF ends a line in the seeds."""
        return self.text.split("\n")


def all_seeds() -> list[Seed]:
    return [Seed(path) for path in sorted(SEEDS_DIR.glob("*.txt"))]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`seed` runs a test on every seed; `variant_encoding` on every encoding in ENCODINGS."""
    if "seed" in metafunc.fixturenames:
        seeds = all_seeds()
        metafunc.parametrize("seed", seeds, ids=[s.key for s in seeds])
    if "variant_encoding" in metafunc.fixturenames:
        metafunc.parametrize("variant_encoding", list(ENCODINGS), ids=[ENCODING_IDS.get(e, e) for e in ENCODINGS])


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The repository's seed corpus; read it, never write to it."""
    assert SEEDS_DIR.is_dir(), SEEDS_DIR
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seeds() -> dict[str, Seed]:
    """Every seed by its key: seeds["003"]."""
    return {seed.key: seed for seed in all_seeds()}


@pytest.fixture
def copy_seeds(tmp_path: Path, seeds_dir: Path) -> Callable[..., Path]:
    """copy_seeds(keys=None, dest=None) copies seeds (all, or those whose name or key is in `keys`)
    into `dest` (default tmp_path/"corpus") and returns the directory."""

    def copy(keys: Iterable[str] | None = None, dest: Path | None = None) -> Path:
        wanted = None if keys is None else set(keys)
        target = dest or tmp_path / "corpus"
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(seeds_dir.glob("*.txt")):
            if wanted is None or path.name in wanted or path.name[:3] in wanted:
                shutil.copyfile(path, target / path.name)
        return target

    return copy


@lru_cache(maxsize=16)
def big5_repertoire(text: str) -> str:
    """`text` as a Big5 author could have typed it: Taiwan-standard Traditional (OpenCC s2tw),
    which also turns the seeds' stray Simplified 关键词 into 關鍵詞; a character Big5 still has
    no code for (蔸 in 木蔸村, U+00A0) becomes a space if it is one, else □."""
    import opencc

    out = []
    for ch in opencc.OpenCC("s2tw").convert(text):
        try:
            ch.encode("big5")
            out.append(ch)
        except UnicodeEncodeError:
            out.append(" " if ch.isspace() else "□")
    return "".join(out)


ENCODINGS: dict[str, Callable[[str], tuple[bytes, str]]] = {
    "gb18030": lambda text: (text.encode("gb18030"), text),
    "big5": lambda text: (big5_repertoire(text).encode("big5"), big5_repertoire(text)),
    "utf-16": lambda text: (text.encode("utf-16"), text),
    "utf-16-le": lambda text: (text.encode("utf-16-le"), text),
    "utf-16-be": lambda text: (text.encode("utf-16-be"), text),
    "utf-8-sig": lambda text: (text.encode("utf-8-sig"), text),
}
"""Encoding name as RawFile.encoding records it → (bytes of the file, text it must decode to).
utf-16 carries a BOM (Python writes one); utf-16-le/-be have none."""
ENCODING_IDS = {
    "big5": "big5-of-s2tw-text",
    "utf-16": "utf-16-bom",
    "utf-16-le": "utf-16-le-no-bom",
    "utf-16-be": "utf-16-be-no-bom",
    "utf-8-sig": "utf-8-bom",
}


@pytest.fixture(scope="session")
def encode_as() -> Callable[[str, str], tuple[bytes, str]]:
    """encode_as(text, encoding) → (file bytes, the text decoding must give back)."""

    def encode(text: str, encoding: str) -> tuple[bytes, str]:
        return ENCODINGS[encoding](text)

    return encode
