"""Handing a stored file (a certificate PDF, an export) to the person allowed to have it, whatever the storage.

On this machine's disk the file is streamed. In an S3 bucket the objects are private, so the browser is sent
to a signed address that works for a few minutes and names the file as a download; the web process never
carries the bytes. The caller checks permissions (and writes any audit entry) first, as for any view.
"""
from django.http import FileResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

# Long enough for the browser to follow the redirect, short enough that a copied link soon stops working.
SIGNED_URL_SECONDS = 300


def stored_file_response(file, *, filename: str, content_type: str):
    storage = file.storage
    try:
        storage.path(file.name)
    except NotImplementedError:  # not on a local disk: a remote (S3) storage
        url = storage.url(file.name, parameters={
            "ResponseContentDisposition": content_disposition_header(True, filename),
            "ResponseContentType": content_type,
        }, expire=SIGNED_URL_SECONDS)
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
    return FileResponse(file.open("rb"), as_attachment=True, content_type=content_type, filename=filename)
