"""A board's workflow files: CI for two forges, written into a new project.

The templates ship in the package (resources/workflows/); ``guidepress new``
writes them with ``workflow_files()``. Each checks the source, builds
``site/`` and, on the default branch, publishes it (GitHub Pages, GitLab
Pages). The repository's own .pre-commit-hooks.yaml lets a board run
``guidepress check`` as a pre-commit hook. docs/workflows.md explains both.
"""

from __future__ import annotations

from importlib import resources

#: Template in resources/workflows/ -> where a project keeps it.
WORKFLOWS = {
    "github-actions.yml": ".github/workflows/guideline.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
}


def workflow_files() -> dict[str, bytes]:
    """Path in a new project -> content of each CI workflow."""
    folder = resources.files("guidepress").joinpath("resources", "workflows")
    return {target: folder.joinpath(name).read_bytes() for name, target in WORKFLOWS.items()}
