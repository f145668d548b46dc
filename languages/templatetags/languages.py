from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname, resolution_order

register = template.Library()


@register.filter
def shown_language(obj, field):
    """The language ``obj.<field>`` is shown in on the current page, once it has fallen back; None if empty."""
    descriptor = getattr(type(obj), field)
    for code in resolution_order(get_language(), descriptor.fallback_languages):
        if getattr(obj, build_localized_fieldname(field, code), None):
            return code
    return None


@register.simple_tag
def lang_attr(obj, field):
    """` lang="it"` on an element whose text fell back from the page's language to another, else nothing.

    Screen readers then read the Italian text of an English page with Italian pronunciation.
    """
    code = shown_language(obj, field)
    if code is None or code == get_language():
        return ""
    return format_html(' lang="{}"', code)
