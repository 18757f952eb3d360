"""H5P views."""
from django.http import HttpResponse


def player(request, package_id):
    return HttpResponse(status=404)
