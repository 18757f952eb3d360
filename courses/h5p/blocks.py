"""The lesson block that embeds an uploaded H5P package in its sandboxed player."""
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class H5PActivityBlock(blocks.StructBlock):
    """An interactive H5P activity. Its scores reach the lesson through xAPI.

    The template needs the stream child's id to address statements, so render lesson bodies with
    `{% for block in page.body %}{% include_block block with block_id=block.id %}{% endfor %}`.
    """

    package = SnippetChooserBlock("h5p.H5PPackage", help_text="Upload packages under Snippets › H5P packages.")
    heading = blocks.CharBlock(max_length=120, required=False, help_text="Shown above the activity.")
    summary = blocks.TextBlock(
        required=False,
        help_text="What the activity covers, in words, for anyone who cannot use it.",
    )

    class Meta:
        icon = "form"
        label = "H5P activity"
        template = "h5p/includes/activity.html"
        preview_value = {
            "heading": "Check your understanding",
            "summary": "A short multiple-choice question about the ideas in this lesson.",
        }
