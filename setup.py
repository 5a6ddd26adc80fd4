"""What pyproject.toml cannot say: the checkout's top-level ``resources/`` goes into the
wheel as ``followup_desktop/resources``, where ``paths.resources_dir()`` looks in installed
code. Everything else about the project is in pyproject.toml."""

from setuptools import find_namespace_packages, setup

# Every folder is listed (data-only folders included) so setuptools neither warns about
# nor drops any of them; __pycache__ folders are not ours to ship.
CODE = find_namespace_packages(include=["followup_desktop*"], exclude=["*.__pycache__"])
RESOURCES = [
    "followup_desktop.resources",
    *(f"followup_desktop.resources.{name}" for name in find_namespace_packages(where="resources")),
]

setup(
    packages=[*CODE, *RESOURCES],
    package_dir={"followup_desktop.resources": "resources"},
    package_data={
        "followup_desktop.store.migrations": ["*.mako"],
        "followup_desktop.resources": ["**/*"],
    },
)
