"""The lesson block that plays an uploaded SCORM package on its own content origin."""
from wagtail import blocks

from courses.h5p.blocks import PackageChooserBlock, TitleFromPackageMixin


class ScormPackageBlock(TitleFromPackageMixin, blocks.StructBlock):
    """A SCORM package; its SCOs report to the lesson through the runtime API.

    Commits are addressed by the stream child's id, so lesson templates render it as
    `{% include "scorm/includes/activity.html" with lesson=page block_id=block.id value=block.value %}`.
    """

    package = PackageChooserBlock("scorm.ScormPackage", help_text="Upload packages under Snippets › SCORM packages.")
    title = blocks.CharBlock(max_length=120, help_text="Shown above the package, e.g. “Safeguarding basics”.")
    instructions = blocks.TextBlock(
        required=False,
        help_text="What the package covers and how to finish it, in words, for anyone who cannot use it.",
    )

    class Meta:
        icon = "media"
        label = "SCORM package"
        template = "scorm/includes/activity.html"
        preview_value = {
            "title": "Safeguarding basics",
            "instructions": "Work through each part. You can stop at any time and carry on where you left off.",
        }
