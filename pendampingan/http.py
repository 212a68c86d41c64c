from django.views.decorators.http import require_http_methods

# A page that shows a form on GET and handles it on POST.
require_GET_or_POST = require_http_methods(["GET", "POST"])
