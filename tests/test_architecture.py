"""The layers of docs/architecture.md hold, and the checks that hold them would catch a breach.

`lint-imports` (import-linter, configured in .importlinter) checks the imports. What it cannot see,
a model named in a string ("treatments.MedicationPage") or looked up with apps.get_model(), is
checked here against the same layers.
"""

import ast
import configparser
import shutil
import subprocess
import sys
from pathlib import Path

from django.apps import apps

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CONFIG = PROJECT / ".importlinter"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def read_config():
    config = configparser.ConfigParser()
    config.read(CONFIG)
    return config


def layer_lines(contract):
    return [line.strip() for line in contract["layers"].strip().splitlines() if line.strip()]


def layers_bottom_up():
    """Each package of the project-wide contract with its height: 0 for the bottom layer."""
    heights = {}
    for height, line in enumerate(reversed(layer_lines(read_config()["importlinter:contract:layers"]))):
        for package in line.replace("|", ":").split(":"):
            heights[package.strip()] = height
    return heights


def layer_of(module_name, heights):
    """The height of the layer a module belongs to, from its longest listed package."""
    for package in sorted(heights, key=len, reverse=True):
        if module_name == package or module_name.startswith(f"{package}."):
            return heights[package]
    return None


def lint_imports(root):
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / ".importlinter"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


def test_the_code_keeps_every_contract():
    result = lint_imports(PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the code the contracts cover, to break on purpose."""
    for package in read_config()["importlinter"]["root_packages"].split():
        shutil.copytree(
            PROJECT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "locale"),
        )
    shutil.copy(CONFIG, tmp_path / ".importlinter")
    return tmp_path


def add_import(module_file, statement):
    module_file.write_text(module_file.read_text() + f"\n{statement}\n")


def test_a_kernel_module_that_imports_an_app_breaks_the_layers(project_copy):
    add_import(project_copy / "portal/core/snippets.py", "import treatments.models  # noqa")

    result = lint_imports(project_copy)

    assert result.returncode != 0
    assert "portal.core is not allowed to import treatments" in result.stdout


def test_nutrition_that_imports_the_site_breaks_the_layers(project_copy):
    add_import(project_copy / "nutrition/models.py", "from portal.pages import navigation  # noqa")

    result = lint_imports(project_copy)

    assert result.returncode != 0
    assert "nutrition is not allowed to import portal.pages" in result.stdout


def test_an_import_circle_inside_a_layer_is_refused(project_copy):
    # Both modules are in the kernel: the layers allow it, the cycle contract does not.
    add_import(project_copy / "portal/core/mixins.py", "import portal.core.pages  # noqa")

    result = lint_imports(project_copy)

    assert result.returncode != 0
    assert "No import circle between modules BROKEN" in result.stdout


def test_a_new_module_without_a_layer_is_refused(project_copy):
    (project_copy / "portal/helpers.py").write_text('"""Somewhere to put things."""\n')

    result = lint_imports(project_copy)

    assert result.returncode != 0
    assert "portal.helpers" in result.stdout


def test_every_local_app_is_in_the_layers():
    heights = layers_bottom_up()
    local_apps = [
        config.name
        for config in apps.get_app_configs()
        if (PROJECT / config.name.partition(".")[0] / "__init__.py").exists()
    ]

    assert local_apps
    for app in local_apps:
        assert app in heights or app == "portal", f"{app} has no layer in .importlinter"
    assert set(read_config()["importlinter"]["root_packages"].split()) >= set(local_apps)


def model_references(tree):
    """Each model a module may name: in a string such as "nutrition.NutrientPage" (in any case, as
    apps.get_model accepts), or with apps.get_model("nutrition", "NutrientPage"), positional or
    by keyword. The caller looks each one up, which sorts out strings that are not model labels."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_model":
            arguments = [argument.value for argument in node.args if isinstance(argument, ast.Constant)]
            arguments += [
                keyword.value.value
                for keyword in node.keywords
                if keyword.arg in ("app_label", "model_name") and isinstance(keyword.value, ast.Constant)
            ]
            if len(arguments) == 2:
                yield node.lineno, f"{arguments[0]}.{arguments[1]}"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            app_label, dot, model_name = node.value.partition(".")
            if dot and app_label.isidentifier() and model_name.isidentifier():
                yield node.lineno, node.value


def modules_in_layers(heights):
    for package in heights:
        path = PROJECT.joinpath(*package.split("."))
        files = [path.with_suffix(".py")] if path.with_suffix(".py").exists() else path.rglob("*.py")
        for file in files:
            relative = file.relative_to(PROJECT).with_suffix("")
            if "migrations" in relative.parts:
                continue  # history: a migration names the models as they were
            yield ".".join(relative.parts).removesuffix(".__init__"), file


@pytest.mark.django_db
def test_no_module_names_a_model_of_a_layer_above_it():
    heights = layers_bottom_up()
    upward = []
    for module_name, file in modules_in_layers(heights):
        own = layer_of(module_name, heights)
        for line, label in model_references(ast.parse(file.read_text())):
            try:
                model = apps.get_model(label)
            except (LookupError, ValueError):
                continue  # not a model label, or a model of Django's or Wagtail's
            target = layer_of(model.__module__, heights)
            if target is not None and target > own:
                upward.append(f"{module_name}:{line} names {label} ({model.__module__})")
    assert upward == []


def test_the_reference_check_sees_strings_and_get_model_calls():
    tree = ast.parse(
        'parent_page_types = ["portal.HomePage"]\n'
        'apps.get_model("nutrition", "FoodNutrient")\n'
        'apps.get_model(app_label="treatments", model_name="medicationpage")\n'
        'label = "treatments.medicationpage"\n'
    )

    assert [label for _, label in sorted(model_references(tree))] == [
        "portal.HomePage",
        "nutrition.FoodNutrient",
        "treatments.medicationpage",
        "treatments.medicationpage",
    ]


@pytest.mark.django_db
def test_lowercase_labels_are_models_too():
    assert apps.get_model("treatments.medicationpage").__module__ == "treatments.models"
