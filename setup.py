"""What pyproject.toml cannot say: the wheel carries the repository's top-level
templates/ inside the package, as ``guidepress/templates``.

The product brief keeps templates/ at the top of the repository; a package-dir
mapping installs it as the package ``guidepress.templates`` without moving it.
guidepress finds it with importlib.resources (guidepress/packaged.py). Every
other setting is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

# Folders of data are packages too (namespace packages), as setuptools expects of every folder it ships.
TEMPLATES = ["guidepress.templates", *(f"guidepress.templates.{name}" for name in find_namespace_packages("templates"))]

setup(
    package_dir={"": "build_tools", "guidepress.templates": "templates"},
    packages=[
        *find_namespace_packages("build_tools", include=["guidepress", "guidepress.*"], exclude=["*.__pycache__"]),
        *TEMPLATES,
    ],
)
