from django.views.decorators.http import require_http_methods

# A page that shows a form on GET and handles it on POST.
require_GET_or_POST = require_http_methods(["GET", "POST"])


def int_param(request, name):
    """A whole number from the query string, or None when it is missing or not plain digits."""
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdecimal() else None
