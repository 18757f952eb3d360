"""Blocks for the home page and standard pages."""
from wagtail import blocks


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    link_text = blocks.CharBlock(max_length=60)
    link_url = blocks.CharBlock(max_length=300, help_text="A path on this site such as /modules/, or a full address.")

    class Meta:
        icon = "link"
        template = "lms/blocks/call_to_action.html"
        preview_value = {
            "heading": "Start learning",
            "text": "Self-paced modules on trauma-influenced behaviour.",
            "link_text": "See the modules",
            "link_url": "/modules/",
        }


class StandardBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=120, form_classname="title", template="lms/blocks/heading.html")
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    call_to_action = CallToActionBlock()
