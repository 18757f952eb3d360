"""The lesson blocks that play an uploaded package: an H5P activity or a SCORM package, alike but for their words.

They name their package model by string ("h5p.H5PPackage"), so the lesson's blocks need no import of either app.
"""
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class PackageChooserBlock(SnippetChooserBlock):
    """Chooses a package; also finds it when the stored id is a string ("12"), as hand-written stream data has.

    Wagtail's ChooserBlock.bulk_to_python looks ids up without converting them to the primary key's
    type (wagtail/wagtail#6509), so a string id silently became "no package".
    """

    def bulk_to_python(self, values):
        pk_field = self.model_class._meta.pk
        keys = []
        for value in values:
            try:
                keys.append(None if value in (None, "") else pk_field.to_python(value))
            except Exception:  # a malformed id means no package, as a deleted one does
                keys.append(None)
        found = self.model_class.objects.in_bulk([key for key in keys if key is not None])
        return [found.get(key) if key is not None else None for key in keys]

    def deconstruct(self):
        # Migrations see a plain SnippetChooserBlock: the stored data and the form are the same.
        path, args, kwargs = super().deconstruct()
        return "wagtail.snippets.blocks.SnippetChooserBlock", args, kwargs


def package_children(model: str, *, package_help: str, title_help: str, instructions_help: str) -> tuple:
    """The three fields of a package block, in order: the package, the title shown above it, the instructions."""
    return (
        PackageChooserBlock(model, help_text=package_help),
        blocks.CharBlock(max_length=120, help_text=title_help),
        blocks.TextBlock(required=False, help_text=instructions_help),
    )


class PackageBlock(blocks.StructBlock):
    """A block with `package` and `title`: an editor who leaves the title empty gets the package's own title,
    as the upload does."""

    def clean(self, value):
        package, title = value.get("package"), (value.get("title") or "").strip()
        if package is not None and not title:
            value = blocks.StructValue(
                self, [(name, package.title[:120] if name == "title" else child) for name, child in value.items()]
            )
        return super().clean(value)


class H5PActivityBlock(PackageBlock):
    """An interactive H5P activity; its scores reach the lesson through xAPI.

    Statements are addressed by the stream child's id, so lesson templates render it as
    `{% include "h5p/includes/activity.html" with lesson=page block_id=block.id value=block.value %}`.
    """

    package, title, instructions = package_children(
        "h5p.H5PPackage",
        package_help="Upload packages under Snippets › H5P packages.",
        title_help="Shown above the activity, e.g. “Check your understanding”.",
        instructions_help="What to do and what the activity covers, in words, for anyone who cannot use it.",
    )

    class Meta:
        icon = "form"
        label = "H5P activity"
        template = "h5p/includes/activity.html"
        preview_value = {
            "title": "Check your understanding",
            "instructions": "Answer a short multiple-choice question about the ideas in this lesson.",
        }


class ScormPackageBlock(PackageBlock):
    """A SCORM package; its SCOs report to the lesson through the runtime API.

    Commits are addressed by the stream child's id, so lesson templates render it as
    `{% include "scorm/includes/activity.html" with lesson=page block_id=block.id value=block.value %}`.
    """

    package, title, instructions = package_children(
        "scorm.ScormPackage",
        package_help="Upload packages under Snippets › SCORM packages.",
        title_help="Shown above the package, e.g. “Safeguarding basics”.",
        instructions_help="What the package covers and how to finish it, in words, for anyone who cannot use it.",
    )

    class Meta:
        icon = "media"
        label = "SCORM package"
        template = "scorm/includes/activity.html"
        preview_value = {
            "title": "Safeguarding basics",
            "instructions": "Work through each part. You can stop at any time and carry on where you left off.",
        }
