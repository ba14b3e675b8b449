"""
Response headers and request methods the whole site shares, beyond what
Django's SecurityMiddleware and the Content-Security-Policy set.
"""

from django.http import HttpResponseNotAllowed

# The site reads and, for staff, writes; no page echoes a request back or
# accepts anything else.
ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")

# Browser features no page of the site uses, turned off for every page and
# anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class SecurityHeadersMiddleware:
    """Refuse TRACE and other unused methods; send a Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            response = HttpResponseNotAllowed(ALLOWED_METHODS)
        else:
            response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
