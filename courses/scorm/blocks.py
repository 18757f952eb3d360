"""The lesson block that plays an uploaded SCORM package on its own content origin."""
from wagtail import blocks

from courses.h5p.blocks import PackageChooserBlock


class ScormPackageBlock(blocks.StructBlock):
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

    def clean(self, value):
        """An editor who leaves the title empty gets the package's own title, as the upload does."""
        package, title = value.get("package"), (value.get("title") or "").strip()
        if package is not None and not title:
            value = blocks.StructValue(
                self, [(name, package.title[:120] if name == "title" else child) for name, child in value.items()]
            )
        return super().clean(value)

    class Meta:
        icon = "media"
        label = "SCORM package"
        template = "scorm/includes/activity.html"
        preview_value = {
            "title": "Safeguarding basics",
            "instructions": "Work through each part. You can stop at any time and carry on where you left off.",
        }
