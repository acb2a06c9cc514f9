"""ssigen: LinkedIn Social Selling Index reports as a static site.

The public API, what the command line and the tests call:

    build(content_dir, out_dir)   load, score and write the site; returns a BuildResult
    check(content_dir)            every problem of a content folder (errors and warnings)
    score(content_dir)            the computed figures, without writing anything
    load(content_dir)             the validated content

Importing ssigen loads no chart or statistics library: the pipeline imports those when
it renders a site.
"""
from .errors import ContentError, ContentErrors, OutputError
from .pipeline import BuildResult, build, check, load, score
from .version import __version__

__all__ = ["build", "check", "load", "score", "BuildResult", "ContentError", "ContentErrors",
           "OutputError", "__version__"]
