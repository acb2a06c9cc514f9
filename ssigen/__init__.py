"""ssigen: LinkedIn Social Selling Index reports as a static site.

The public API, what the command line and the tests call:

    build(content_dir, out_dir)   load, score and write the site; returns a BuildResult
    check(content_dir)            every problem of a content folder (errors and warnings)
    score(content_dir)            the computed figures, without writing anything
    load(content_dir)             the validated content

Importing ssigen loads no chart or statistics library: the pipeline imports those when
it renders a site.
"""
import sys
import types

from .errors import ContentError, ContentErrors, OutputError
from .pipeline import BuildResult, build, check, load, score
from .version import __version__

__all__ = ["build", "check", "load", "score", "BuildResult", "ContentError", "ContentErrors",
           "OutputError", "__version__"]


class _Face(types.ModuleType):
    """The package keeps its API when a submodule of the same name is imported later (the
    pipeline imports `ssigen.load` only when it loads): the submodule stays reachable as
    `sys.modules["ssigen.load"]` and by `from ssigen.load import …`."""

    def __setattr__(self, name, value):
        if name in __all__ and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Face
