"""Media in an S3-compatible bucket (django-storages), against moto's S3 server on loopback: a real HTTP stand-in.

The storage comes from the same function the settings use (lms/settings/storage.py), with the environment a
deployment would give. Downloads go through the site, which checks who is asking and then sends the browser
to a short-lived signed address; the objects themselves are private.
"""
import io
import socket
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from accounts import roles
from lms.settings.storage import media_storage
from tests.certificates import doubles

pytestmark = pytest.mark.services


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server in a thread on a free loopback port, for this module's tests."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh bucket, and the site's media storage pointed at it as AWS_* environment variables would."""
    import boto3

    environ = {"AWS_STORAGE_BUCKET_NAME": f"media-{uuid.uuid4().hex[:12]}", "AWS_S3_ENDPOINT_URL": s3_endpoint,
               "AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret",
               "AWS_S3_REGION_NAME": "eu-west-2"}
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-2",
                          aws_access_key_id="test-key", aws_secret_access_key="test-secret")
    client.create_bucket(Bucket=environ["AWS_STORAGE_BUCKET_NAME"],
                         CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    storage, media_url = media_storage(environ)
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.MEDIA_URL = media_url
    return client, environ["AWS_STORAGE_BUCKET_NAME"]


@pytest.fixture
def certificates_ready(db):
    from certificates import demo

    doubles.install()
    demo.seed()
    yield
    doubles.uninstall()


def fetch(url: str):
    """What a browser gets at this address (no cookies: a signed address must work on its own)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def follow_download(client, url: str, media_url: str):
    response = client.get(url)
    assert response.status_code == 302, response.content[:300]
    assert response["Location"].startswith(media_url)
    assert response["Cache-Control"] == "no-store"
    return fetch(response["Location"])


def files_on_disk(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_holder_downloads_their_certificate_pdf_from_the_bucket(client, bucket, certificates_ready, make_user,
                                                                   settings):
    from certificates import services

    s3, name = bucket
    holder = make_user(full_name="Ann Able")
    certificate = services.certificate_issue(source=holder)
    client.force_login(holder)

    status, headers, body = follow_download(client, reverse("certificates:pdf", args=[certificate.code]),
                                            settings.MEDIA_URL)

    assert status == 200 and body.startswith(b"%PDF")
    assert f'filename="certificate-{certificate.display_code}.pdf"' in headers["Content-Disposition"]
    assert headers["Content-Type"] == "application/pdf"
    certificate.refresh_from_db()
    stored = s3.get_object(Bucket=name, Key=certificate.pdf.name)
    assert stored["Body"].read() == body
    # The object is private: without the signature, nobody gets it.
    assert fetch(f"{settings.MEDIA_URL}{certificate.pdf.name}")[0] == 403
    assert files_on_disk(settings) == []


def test_someone_else_is_not_sent_to_the_pdf(client, bucket, certificates_ready, make_user):
    from certificates import services

    certificate = services.certificate_issue(source=make_user())
    client.force_login(make_user())
    response = client.get(reverse("certificates:pdf", args=[certificate.code]))
    assert response.status_code == 404
    assert "Location" not in response


def test_a_certificates_bulk_export_is_built_into_the_bucket_and_downloaded(client, bucket, certificates_ready,
                                                                            make_user, settings):
    from certificates import services
    from certificates.models import BulkExport

    for name in ("Ann Able", "Ben Bold"):
        services.certificate_issue(source=make_user(full_name=name))
    staff = make_user(roles.PARTNERSHIP_STAFF)
    export = services.bulk_export_request(by=staff, achievement=None, issued_from=None, issued_to=None)
    services.bulk_export_build(export=BulkExport.objects.get(pk=export.pk))
    client.force_login(staff)

    status, headers, body = follow_download(client, reverse("certificates:export_download", args=[export.pk]),
                                            settings.MEDIA_URL)

    assert status == 200
    assert f'filename="certificates-{export.pk}.zip"' in headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert len(names) == 2 and any("Ann_Able" in entry for entry in names)
    assert files_on_disk(settings) == []


def test_a_staff_list_export_is_downloaded_from_the_bucket(client, bucket, make_user, settings):
    from lms.reporting import services

    staff = make_user(roles.PARTNERSHIP_STAFF)
    export = services.staff_export_build(
        export=services.staff_export_request(by=staff, organisation=None, file_format="csv"))
    client.force_login(staff)

    status, headers, body = follow_download(client, reverse("reporting:export_download", args=[export.pk]),
                                            settings.MEDIA_URL)

    assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8"
    assert body.decode("utf-8-sig").splitlines()[0]


def test_wagtail_images_and_documents_are_served_from_the_bucket(client, bucket, make_user, settings):
    import wagtail_factories
    from wagtail.documents import get_document_model

    image = wagtail_factories.ImageFactory()
    rendition = image.get_rendition("width-40")
    assert rendition.url.startswith(settings.MEDIA_URL)
    status, headers, body = fetch(rendition.url)
    assert status == 200 and headers["Content-Type"].startswith("image/")

    from django.core.files.base import ContentFile

    document = get_document_model().objects.create(title="Session plan")
    document.file.save("session-plan.txt", ContentFile(b"Bring a bleed kit."))
    client.force_login(make_user())
    response = client.get(document.url)
    assert response.status_code == 302
    assert fetch(response["Location"])[2] == b"Bring a bleed kit."
    assert files_on_disk(settings) == []


def test_pages_allow_images_from_the_bucket_and_nothing_else_new(client, bucket, learner, settings):
    client.force_login(learner)
    policy = client.get(reverse("certificates:verify"))["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert settings.MEDIA_URL.rstrip("/").rsplit("/", 1)[0] in img_src
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src "))
    assert "'unsafe-inline'" not in script_src


def test_unpacked_h5p_packages_stay_on_the_shared_disk_and_play_from_it(client, bucket, settings, tmp_path, db):
    from tests.courses.h5p import builders
    from courses.h5p.services import package_import

    s3, name = bucket
    settings.CONTENT_PACKAGES_ROOT = str(tmp_path / "shared-packages")
    settings.H5P_ORIGIN = "http://localhost:8001"
    package = package_import(upload=io.BytesIO(builders.valid_package()), title="Knowledge check")

    assert package.folder.is_relative_to(tmp_path / "shared-packages") and (package.folder / "h5p.json").is_file()
    response = client.get(f"/h5p/content/{package.uuid}/h5p.json", HTTP_HOST="localhost:8001")
    assert response.status_code == 200
    assert s3.list_objects_v2(Bucket=name).get("KeyCount") == 0
    assert files_on_disk(settings) == []


@pytest.mark.parametrize("environ, origin", [
    ({}, None),
    ({"AWS_STORAGE_BUCKET_NAME": "vrp-media", "AWS_S3_REGION_NAME": "eu-west-2"},
     "https://vrp-media.s3.eu-west-2.amazonaws.com/"),
    ({"AWS_STORAGE_BUCKET_NAME": "vrp-media"}, "https://vrp-media.s3.amazonaws.com/"),
    ({"AWS_STORAGE_BUCKET_NAME": "vrp-media", "AWS_S3_ENDPOINT_URL": "https://objects.example.net/"},
     "https://objects.example.net/vrp-media/"),
])
def test_media_url_is_where_signed_addresses_point(environ, origin):
    """The page's Content Security Policy admits media from MEDIA_URL: it must be where boto3 signs addresses to."""
    import boto3
    from botocore.config import Config

    storage, media_url = media_storage(environ)
    assert media_url == origin
    if origin is None:
        assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
        return
    options = storage["OPTIONS"]
    assert (options["default_acl"], options["querystring_auth"], options["file_overwrite"]) == ("private", True, False)
    client = boto3.client("s3", region_name=options["region_name"], endpoint_url=options["endpoint_url"],
                          aws_access_key_id="a", aws_secret_access_key="b",
                          config=Config(s3={"addressing_style": options["addressing_style"]}, signature_version="s3v4"))
    assert client.generate_presigned_url("get_object", Params={"Bucket": "vrp-media", "Key": "x"}).startswith(origin)
