"""Where uploaded and generated media live: this machine's disk, or an S3-compatible bucket (django-storages).

Read from the environment by base.py; a function of the environment so the tests can build the same storage
against a local S3 stand-in. Extracted H5P and SCORM package trees are not media in this sense: they are
served file by file from the content origins and stay on a local (or shared) disk, CONTENT_PACKAGES_ROOT.
"""
from collections.abc import Mapping

FILESYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
# Every environment variable that configures the bucket: the deploy checks refuse some but not all of them.
S3_VARIABLES = ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_S3_REGION_NAME")


def media_storage(environ: Mapping[str, str]) -> tuple[dict, str | None]:
    """(STORAGES["default"], MEDIA_URL or None to keep the default) for this environment.

    With AWS_STORAGE_BUCKET_NAME set, media go to that bucket: objects private, every URL signed and short-lived,
    and a new name rather than overwriting an existing file (certificate PDFs are claimed by name).
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return FILESYSTEM, None
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip().rstrip("/") or None
    region = environ.get("AWS_S3_REGION_NAME", "").strip() or None
    # Path-style addresses (endpoint/bucket/key) work with every S3-compatible service; AWS itself prefers
    # virtual-hosted ones (bucket.s3.region.amazonaws.com/key).
    addressing_style = environ.get("AWS_S3_ADDRESSING_STYLE", "path" if endpoint else "virtual")
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": region,
        "addressing_style": addressing_style,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": int(environ.get("AWS_QUERYSTRING_EXPIRE", "3600")),
        "file_overwrite": False,
        # Keys from the environment; without them boto3 finds its own (an instance role, a profile).
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
    }
    # The origin that signed URLs point at, so the Content Security Policy (lms.security) admits media from it.
    # (No custom domain: django-storages does not sign URLs on one, and the objects are private.)
    if endpoint and addressing_style == "path":
        media_url = f"{endpoint}/{bucket}/"
    elif endpoint:
        scheme, _, host = endpoint.partition("://")
        media_url = f"{scheme}://{bucket}.{host}/"
    else:
        # As boto3 writes them: the global host for us-east-1 (and no region), the regional one elsewhere.
        host = "s3.amazonaws.com" if region in (None, "us-east-1") else f"s3.{region}.amazonaws.com"
        media_url = f"https://{bucket}.{host}/"
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}, media_url
