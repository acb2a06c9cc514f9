"""Where the running ssigen was installed from, as pip records it (PEP 610 `direct_url.json`),
so that the Pages workflow `ssigen init` writes installs exactly that ssigen.

A VCS URL at a commit, or an archive URL with its hash, is pinned as it is; a version pip
took from an index (no `direct_url.json`) is pinned by version; a local folder (an editable
install, a checkout) has no public source, and the workflow then stops until someone edits
its install line. Never a bare name that nobody here has published.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata

SAFE = re.compile(r"[A-Za-z0-9._~:/?#\[\]@+,;=%&-]+")   # a URL safe in double quotes


@dataclass(frozen=True)
class InstallSource:
    """The pip requirement that installs this ssigen again (None: there is no public one),
    and a sentence that says where it came from."""

    requirement: str | None
    said: str


def install_source(distribution: str = "ssigen") -> InstallSource:
    """The running ssigen's source. A checkout's own `ssigen.egg-info` (found first when
    ssigen runs from its folder) has no pip record: it counts as a local folder."""
    try:
        found = [metadata.distribution(distribution)]
    except metadata.PackageNotFoundError:
        return InstallSource(None, "ssigen is not installed as a package")
    found += [d for d in metadata.distributions(name=distribution) if d not in found]
    recorded = next((d for d in found if d.read_text("direct_url.json") is not None), None)
    if recorded is not None:
        return source_of(recorded.read_text("direct_url.json"), recorded.version)
    if any(str(getattr(d, "_path", "")).endswith(".egg-info") for d in found):
        return InstallSource(None, "ssigen runs from a source folder (an .egg-info), not "
                             "from an install pip recorded")
    return source_of(None, found[0].version)


def source_of(direct_url: str | None, version: str) -> InstallSource:
    """The source that `direct_url.json` (its text, or None) and the version describe."""
    if direct_url is None:
        return InstallSource(f"ssigen=={version}",
                             f"ssigen {version}, installed from a package index")
    try:
        info = json.loads(direct_url)
        url = info["url"]
    except (ValueError, KeyError, TypeError):
        return InstallSource(None, "pip's record of where ssigen came from is unreadable")
    if not isinstance(url, str) or not SAFE.fullmatch(url) or url.startswith("file:"):
        return InstallSource(None, f"ssigen was installed from a local folder ({url})"
                             if isinstance(url, str) and url.startswith("file:") else
                             "ssigen was installed from a place a workflow cannot reach")
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and \
            re.fullmatch(r"[0-9a-f]{40}", str(vcs.get("commit_id", ""))):
        subdirectory = info.get("subdirectory")
        suffix = f"#subdirectory={subdirectory}" if isinstance(subdirectory, str) \
            and SAFE.fullmatch(subdirectory) else ""
        return InstallSource(f"ssigen @ git+{url}@{vcs['commit_id']}{suffix}",
                             f"ssigen from {url} at commit {vcs['commit_id']}")
    archive = info.get("archive_info")
    if isinstance(archive, dict) and url.startswith("https://"):
        hashes = archive.get("hashes") or {}
        digest = hashes.get("sha256") if isinstance(hashes, dict) else None
        if isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest):
            return InstallSource(f"ssigen @ {url}#sha256={digest}",
                                 f"ssigen from {url} (sha256 {digest[:12]}…)")
    return InstallSource(None, f"ssigen was installed from {url}, which pins no commit or "
                         "hash")


def install_step(source: InstallSource) -> str:
    """The workflow's install step: the pinned requirement, or a step that stops the
    workflow with a message until someone writes one."""
    if source.requirement is not None:
        command = json.dumps(f'pip install "{source.requirement}"')
        return (f"      # {source.said}\n"
                f"      - name: Install ssigen\n"
                f"        run: {command}\n")
    said = source.said.replace("\n", " ")
    return ("      # ssigen init could not tell where a workflow can install this ssigen from:\n"
            f"      # {said}.\n"
            "      # Replace the run line below with the ssigen to install, pinned, e.g.\n"
            '      #   run: pip install "ssigen @ git+https://github.com/OWNER/ssigen@COMMIT"\n'
            "      - name: Install ssigen\n"
            "        run: |\n"
            '          echo "::error file=.github/workflows/ssigen-pages.yml::Say which ssigen '
            'to install: edit the Install ssigen step of this workflow (see its comment)."\n'
            "          exit 1\n")
