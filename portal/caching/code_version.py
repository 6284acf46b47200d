"""A fingerprint of the code that is running, which every cache key carries.

Kept values are pickled objects (page instances, lists of them, querysets' rows) and rendered
HTML (whole pages, remembered fragments). During a rolling deploy old and new processes share
Redis: a process must never unpickle a class that another version of the code pickled (a field
added or renamed, a class moved), nor serve a page that older templates, stylesheets or
translations rendered. Keys made by different code never meet, so each version works out its own.
"""

import hashlib
from importlib import metadata
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
# The packages whose classes and templates end up in the cache, and the libraries that define their bases.
CODE_PACKAGES = ("portal", "treatments", "nutrition")
LIBRARIES = ("django", "wagtail", "modelsearch", "django-modelcluster", "django-taggit")


def code_fingerprint(project_dir: Path = PROJECT_DIR) -> str:
    """A short hash of the project's files (Python, templates, static files, translations) and the
    versions of the libraries it builds on.

    Worked out from the files themselves, not from git: the deployed image carries no history.
    Reading a few hundred small files at start-up takes milliseconds.
    """
    digest = hashlib.sha256()
    for library in LIBRARIES:
        digest.update(f"{library}=={metadata.version(library)}\n".encode())
    for package in CODE_PACKAGES:
        for path in sorted((project_dir / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(project_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
