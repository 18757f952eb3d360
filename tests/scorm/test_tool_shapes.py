"""Packages shaped like Storyline, Captivate, iSpring, Adapt and Elucidat exports import as those tools publish them:
the right SCORM version, the launch page where the tool puts it, and only unplayable files left out."""
import io

import pytest

from tests.scorm import tool_exports

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", sorted(tool_exports.SHAPES))
def test_each_tool_shaped_export_imports_with_its_launch_page(key, settings, tmp_path):
    from courses.scorm.services import package_import

    settings.MEDIA_ROOT = tmp_path
    shape = tool_exports.SHAPES[key]
    package = package_import(upload=io.BytesIO(tool_exports.shaped_package(key)))

    # 2004 packages keep their edition: Storyline publishes 3rd, iSpring 4th.
    assert package.version == ("1.2" if shape.version == "1.2" else f"2004-{shape.edition.split()[1][0]}")
    assert package.title == shape.title
    sco = package.scos.get()
    assert sco.launch == shape.launch
    # Flash files an older block carried are left out (Storyline's here); everything the launch page needs is kept.
    expected_left_out = sorted(name for name in shape.extra_files if name.endswith(".swf"))
    assert sorted(item["name"] for item in package.left_out) == expected_left_out
    stored = {path.relative_to(tmp_path).as_posix().split("/", 2)[-1] for path in tmp_path.rglob("*") if path.is_file()}
    assert shape.launch in stored and not any(name.endswith(".swf") for name in stored)
