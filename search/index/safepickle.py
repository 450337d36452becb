"""Opening an index never runs code from it: every pickle Whoosh reads goes through an allow-list.

Whoosh keeps the schema and the segment list (`_MAIN_N.toc`), and inside each segment
(`MAIN_*.seg`) its file directory, posting blocks, inlined postings, stored fields and position
lists, as pickles; and a pickle may call any function while it loads. Researchers share indexes
(a lab folder, a zip from a colleague), so, as `numpy.load(allow_pickle=False)` and
`torch.load(weights_only=True)` do, a pickle here may name only the classes and functions a
genuine generation of this project holds (`ALLOWED`, recorded from real builds and queries);
any other name is refused before anything is called, whatever opcode would call it.

Whoosh is not forked: `install` rebinds, once, the names through which its modules unpickle
(`REBOUND`), and drops its loader of Whoosh 1.x tables of contents, whose unpickler imports
anything. The modules that open a Whoosh index (`reader`, `segment_writer`) call it when they
are imported. The project's own files (`meta.json`, `stats.json`, the text store, `dupes.sqlite`)
hold no pickle.
"""

from __future__ import annotations

import _compat_pickle
import io
import os
import pickle
import struct
import types
from importlib import import_module
from pathlib import Path
from typing import IO, Any

from search.errors import UnsafeIndex

ALLOWED: dict[str, frozenset[str]] = {
    "builtins": frozenset({"int"}),
    "collections": frozenset({"defaultdict"}),
    "_codecs": frozenset({"encode"}),
    "whoosh.analysis.tokenizers": frozenset({"IDTokenizer"}),
    "whoosh.codec.whoosh3": frozenset({"W3Codec", "W3Segment"}),
    "whoosh.fields": frozenset({"FieldType", "ID", "STORED", "Schema"}),
    "whoosh.formats": frozenset({"Existence", "Frequency", "Positions"}),
    "search.index.analyzers": frozenset({"BigramTokenizer", "WordTokenizer", "WordsField"}),
}
"""Every (module, name) a genuine generation's pickles ask for: its schema's field types, formats
and analyzers, Whoosh's W3 segment and codec, the segments' length counts (`defaultdict(int)`),
and the bytes inside posting blocks, which protocol 2 writes as `_codecs.encode(text, 'latin1')`.
None runs code of the pickle's choosing: `encode` only transforms data, and the codecs it can
name are modules of the standard `encodings` package (a name with a dot is never imported)."""


FRAME = struct.Struct("<BQ")


class Refused(pickle.UnpicklingError):
    """A pickle named something outside `ALLOWED`; nothing it would have called has run."""

    def __init__(self, what: str) -> None:
        super().__init__(f"refused {what}")
        self.what = what


_admitted: dict[tuple[str, str], Any] = {}


def admitted(module: str, name: str) -> Any:
    """The object a pickle names as `module.name`, if `ALLOWED` lists it (after the renaming of
    Python 2 names that protocols below 3 ask for); otherwise `Refused`, and nothing imported."""
    key = _compat_pickle.NAME_MAPPING.get((module, name)) or (_compat_pickle.IMPORT_MAPPING.get(module, module), name)
    found = _admitted.get(key)
    if found is None:
        if key[1] not in ALLOWED.get(key[0], ()):
            raise Refused(f"{key[0]}.{key[1]}")
        found = _admitted[key] = getattr(import_module(key[0]), key[1])
    return found


class SafeUnpickler(pickle.Unpickler):
    """An unpickler that resolves names only through `admitted`; persistent ids and extension
    codes are refused by pickle itself or reach `find_class` too."""

    def find_class(self, module: str, name: str, /) -> Any:
        return admitted(module, name)


def load(file: IO[bytes], **_: Any) -> Any:
    return SafeUnpickler(file).load()


def loads(data: bytes, /, **_: Any) -> Any:
    """`data` unpickled through the allow-list. An unpickler reading a file asks it for every
    opcode of an unframed pickle (protocol 2, as Whoosh writes posting blocks), five times
    slower than `pickle.loads`; one frame around the whole pickle makes it read the file once."""
    return SafeUnpickler(io.BytesIO(FRAME.pack(pickle.FRAME[0], len(data)) + data)).load()


def _pickle_facade() -> types.ModuleType:
    """The `pickle` module as Whoosh's table of contents uses it (`pickle.loads`, `pickle.dumps`,
    `pickle.PicklingError`), loading through `SafeUnpickler`."""
    facade = types.ModuleType("pickle", pickle.__doc__)
    facade.__dict__.update({k: v for k, v in vars(pickle).items() if not k.startswith("__")})
    facade.__dict__.update(load=load, loads=loads, Unpickler=SafeUnpickler)
    return facade


PICKLE = _pickle_facade()
REBOUND: tuple[tuple[str, str, object], ...] = (
    ("whoosh.compat", "load", load),
    ("whoosh.compat", "loads", loads),
    ("whoosh.compat", "pickle", PICKLE),
    ("whoosh.index", "pickle", PICKLE),
    ("whoosh.filedb.structfile", "load_pickle", load),
    ("whoosh.codec.whoosh3", "loads", loads),
    ("whoosh.columns", "loads", loads),
    ("whoosh.formats", "loads", loads),
)
"""Each Whoosh module that unpickles, the name it unpickles through, and what it gets instead.
Whoosh modules imported later that take the names from `whoosh.compat` get the safe ones too."""


def install() -> None:
    """Route every unpickling Whoosh does for a W3 index through `SafeUnpickler`; idempotent."""
    for module, name, replacement in REBOUND:
        setattr(import_module(module), name, replacement)
    import_module("whoosh.index").toc_loaders.clear()


def refused(file: Path, exc: Refused) -> UnsafeIndex:
    """The one-line error for a refused pickle in `file` of a generation (`root/gen-N/file`), or
    somewhere in the generation folder `file`: an incremental build would read the same pickles,
    so the repair is a full one."""
    from search.index.generations import DEFAULT_INDEX, INDEX_ENV

    file = file.resolve()
    root = file.parent if file.is_dir() else file.parent.parent
    default = root == Path(DEFAULT_INDEX).resolve() and not os.environ.get(INDEX_ENV)
    command = "search index --full" + ("" if default else f" --index {root}")
    return UnsafeIndex(f"{file} holds a pickle that would load {exc.what}, which no index of this "
                       f"project holds, and was refused before it ran; run `{command}` to rebuild it from the corpus")
