"""The ground floor imports no other app of ours, so every app can use it without a circle."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = {"accounts", "certificates", "courses", "schools", "lms"}


def test_foundation_imports_no_other_app_of_ours():
    found = []
    for path in (ROOT / "foundation").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in OUR_APPS]
    assert found == []
