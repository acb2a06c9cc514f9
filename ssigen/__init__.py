"""ssigen: LinkedIn Social Selling Index reports as a static site.

The public API, what the command line and the tests call:

    build(content_dir, out_dir)   load, score and write the site; returns a BuildResult
    check(content_dir)            every problem of a content folder (errors and warnings)
    score(content_dir)            the computed figures, without writing anything
"""
__version__ = "0.1.0"

from .build import BuildResult, build, check, load, score
from .errors import ContentError, ContentErrors, OutputError

__all__ = ["build", "check", "load", "score", "BuildResult", "ContentError", "ContentErrors",
           "OutputError"]
