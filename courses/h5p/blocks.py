"""The lesson block that embeds an uploaded H5P package in its sandboxed player."""
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class H5PActivityBlock(blocks.StructBlock):
    """An interactive H5P activity; its scores reach the lesson through xAPI.

    Statements are addressed by the stream child's id, so lesson templates render it as
    `{% include "h5p/includes/activity.html" with lesson=page block_id=block.id value=block.value %}`.
    """

    package = SnippetChooserBlock("h5p.H5PPackage", help_text="Upload packages under Snippets › H5P packages.")
    title = blocks.CharBlock(max_length=120, help_text="Shown above the activity, e.g. “Check your understanding”.")
    instructions = blocks.TextBlock(
        required=False,
        help_text="What to do and what the activity covers, in words, for anyone who cannot use it.",
    )

    class Meta:
        icon = "form"
        label = "H5P activity"
        template = "h5p/includes/activity.html"
        preview_value = {
            "title": "Check your understanding",
            "instructions": "Answer a short multiple-choice question about the ideas in this lesson.",
        }
