"""ssigen: LinkedIn Social Selling Index reports as a static site.

The public API, what the command line and the tests call:

    build(content_dir, out_dir)   load, score and write the site; returns a BuildResult
    check(content_dir)            every problem of a content folder (errors and warnings)
    score(content_dir)            the computed figures, without writing anything
    load(content_dir)             the validated content

Each is imported on first use, so `import ssigen` costs nothing.
"""
import importlib

from .version import __version__

_FROM_BUILD = ("build", "check", "load", "score", "BuildResult")
_FROM_ERRORS = ("ContentError", "ContentErrors", "OutputError")
__all__ = [*_FROM_BUILD, *_FROM_ERRORS, "__version__"]


def __getattr__(name: str):
    """The API on first use, kept as attributes of the package."""
    if name in _FROM_BUILD:
        module = importlib.import_module(".pipeline", __name__)
    elif name in _FROM_ERRORS:
        module = importlib.import_module(".errors", __name__)
    else:
        raise AttributeError(f"module 'ssigen' has no attribute {name!r}")
    names = _FROM_BUILD if name in _FROM_BUILD else _FROM_ERRORS
    globals().update({n: getattr(module, n) for n in names})
    return globals()[name]
