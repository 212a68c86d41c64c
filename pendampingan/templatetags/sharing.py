from django import template

from pendampingan import share

register = template.Library()


@register.filter
def whatsapp(text):
    """The ``wa.me`` link that opens WhatsApp with ``text`` filled in."""
    return share.whatsapp_link(text)
