from django import template

from projects.images import picture_tag

register = template.Library()


@register.simple_tag
def picture(file, alt, sizes, **attributes):
    """``{% picture highlight.image highlight.image_alt "20em" class="logo" %}``: the <img> with its srcset."""
    return picture_tag(file, alt, sizes, **{name: value for name, value in attributes.items() if value})
