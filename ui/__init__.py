"""PySide6 user interface: turns input into service calls and shows the results."""

from __future__ import annotations


def _skip_feature_scan() -> None:
    """PySide6 reads the source of every module imported after it (``inspect.getsource``, kept in ``linecache``)
    to see whether the module might use ``from __feature__ import …`` (snake_case, true_property; PYSIDE-2029).
    The app never uses those features, so every module is "not a PySide user" for that purpose (-1: feature
    switching ignores it, exactly what an unswitched module gets). Issue #19: that scan cost ~110 ms of the
    start-up and ~25 MB of resident memory (every imported file's lines held in linecache)."""
    import PySide6.QtCore  # noqa: F401  (installs the import hook and its support module)
    try:
        from PySide6.support import feature
    except ImportError:  # a PySide6 without the feature machinery: nothing to skip
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: False


_skip_feature_scan()
