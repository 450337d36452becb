"""The project's own error type: everything a user can cause, with its exit code."""


class SearchError(Exception):
    """A problem the user can fix; the CLI prints it in one line."""

    exit_code = 1


class UsageError(SearchError):
    """A malformed query or an unknown option value."""

    exit_code = 2


class IndexMissing(SearchError):
    """No index has been built at the given path yet."""


class IndexIncompatible(SearchError):
    """The index was built by another version or with another dictionary."""


class IndexBusy(SearchError):
    """Another process is writing the index."""


class CorpusError(SearchError):
    """The corpus directory cannot be read at all."""


class UnsafeIndex(SearchError):
    """A file of the index holds a pickle naming code no genuine index holds; it was not run."""


class IndexDamaged(IndexIncompatible):
    """Files of the index are missing, cut short or changed since the build that wrote them; like
    an incompatible index, it is rebuilt, never read."""
