"""Template filters for lesson blocks: helpline numbers in support services become links a phone can call or text."""
import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# A UK phone number or short code: digits in groups separated by single spaces, at least three digits.
_NUMBER = re.compile(r"(?<![\w+])(\+?\d(?:[ ]?\d){2,13})(?![\w])")
_TEXT_WORDS = re.compile(r"\btext(ing)?\b[^.;:]*$", re.IGNORECASE)


@register.filter(needs_autoescape=True)
def phone_links(value: str, autoescape: bool = True) -> str:
    """Wrap each number in a tel: link, or an sms: link when the words before it ask you to text it."""
    text = str(value)
    escape = conditional_escape if autoescape else (lambda part: part)
    out, last = [], 0
    for match in _NUMBER.finditer(text):
        number = match.group(1)
        out.append(escape(text[last:match.start()]))
        scheme = "sms" if _TEXT_WORDS.search(text[:match.start()]) else "tel"
        out.append(format_html('<a class="govuk-link" href="{}:{}">{}</a>', scheme, number.replace(" ", ""), number))
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(str(part) for part in out))
