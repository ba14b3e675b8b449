"""The layers stay as import-linter's contracts state them."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNEL_CONTRACT = "The kernel imports no app and nothing of the assembly"
# The assembly, and the URLconf: the one kernel module that imports it.
NOT_KERNEL = {"cepsite.site", "cepsite.urls", "cepsite.__init__"}


def _contracts():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_every_kernel_module_is_bound_by_the_kernel_contract():
    kernel = {
        f"cepsite.{path.stem}"
        for path in (ROOT / "cepsite").iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists())
    } - NOT_KERNEL
    listed = set(_contracts()[KERNEL_CONTRACT]["source_modules"])
    assert kernel - listed == set()


def test_the_kernel_may_import_neither_apps_nor_the_assembly():
    forbidden = set(_contracts()[KERNEL_CONTRACT]["forbidden_modules"])
    assert {"cepsite.site", "press", "quotes", "resources", "bench"} <= forbidden
