"""`manage.py check --deploy` under the production settings fails on each misconfiguration and passes on a correct one."""
import subprocess
import sys

import pytest

from throwaway import stack

pytestmark = pytest.mark.deploy

GOOD = {
    "SITE_URL": "https://learn.vrp.example",
    "H5P_ORIGIN": "https://h5p.vrp-content.example",
    "SCORM_ORIGIN": "https://{package}.scorm.vrp-content.example",
    "CACHE_URL": "redis://127.0.0.1:6399/1",
}


@pytest.fixture(scope="module")
def signing_key():
    return stack.ed25519_pem()


def check_deploy(signing_key: str, **overrides) -> subprocess.CompletedProcess:
    env = stack.production_env(database_url="sqlite:///:memory:", workdir=stack.ROOT / "staticfiles-unused")
    env.update(GOOD, OPEN_BADGES_SIGNING_KEY=signing_key)
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=stack.ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_correct_configuration_passes(signing_key):
    result = check_deploy(signing_key)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("overrides, expected", [
    ({"OPEN_BADGES_SIGNING_KEY": None}, "lms.E102"),
    ({"OPEN_BADGES_SIGNING_KEY": "not a key"}, "lms.E103"),
    ({"SITE_URL": None}, "lms.E104"),
    ({"H5P_ORIGIN": None}, "lms.E106"),
    ({"H5P_ORIGIN": "https://h5p.learn.vrp.example"}, "lms.E108"),
    ({"SITE_URL": "https://learn.wiltshire.police.uk", "H5P_ORIGIN": "https://h5p.wiltshire.police.uk"}, "lms.E108"),
    ({"H5P_ORIGIN": "https://{package}.learn.vrp.example"}, "lms.E108"),
    ({"CACHE_URL": None}, "lms.E109"),
    ({"SCORM_ORIGIN": "https://{package}.learn.vrp.example"}, "lms.E108"),
], ids=["no-signing-key", "bad-signing-key", "site-url-default", "h5p-origin-default", "h5p-same-site",
        "h5p-same-site-under-police-uk", "h5p-template-same-site", "no-shared-cache",
        "scorm-template-same-site"])
def test_each_misconfiguration_fails(signing_key, overrides, expected):
    result = check_deploy(signing_key, **overrides)
    assert result.returncode != 0, f"check --deploy passed with {overrides}"
    assert expected in result.stderr, result.stderr


def test_a_per_package_h5p_origin_on_its_own_domain_passes(signing_key):
    result = check_deploy(signing_key, H5P_ORIGIN="https://{package}.h5p.vrp-content.example")
    assert result.returncode == 0, result.stderr


S3 = {"AWS_STORAGE_BUCKET_NAME": "vrp-media", "AWS_S3_ENDPOINT_URL": "https://s3.vrp-storage.example",
      "AWS_ACCESS_KEY_ID": "key-id", "AWS_SECRET_ACCESS_KEY": "key-secret", "AWS_S3_REGION_NAME": "eu-west-2"}


def test_media_in_a_bucket_with_a_shared_package_folder_passes(signing_key):
    result = check_deploy(signing_key, **S3, CONTENT_PACKAGES_ROOT="/srv/shared/packages")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_media_in_a_bucket_without_a_shared_package_folder_warns(signing_key):
    result = check_deploy(signing_key, **S3)
    assert result.returncode == 0, result.stderr
    assert "lms.W110" in result.stderr and "CONTENT_PACKAGES_ROOT" in result.stderr


@pytest.mark.parametrize("overrides, expected", [
    ({**S3, "AWS_STORAGE_BUCKET_NAME": None}, "lms.E110"),
    ({"AWS_S3_ENDPOINT_URL": "https://s3.vrp-storage.example"}, "lms.E110"),
    ({**S3, "AWS_SECRET_ACCESS_KEY": None}, "lms.E111"),
    ({**S3, "AWS_ACCESS_KEY_ID": None}, "lms.E111"),
    ({**S3, "AWS_S3_ENDPOINT_URL": "http://s3.vrp-storage.example"}, "lms.E112"),
], ids=["bucket-missing", "endpoint-alone", "secret-missing", "key-id-missing", "endpoint-not-https"])
def test_media_bucket_settings_given_in_part_fail(signing_key, overrides, expected):
    result = check_deploy(signing_key, CONTENT_PACKAGES_ROOT="/srv/shared/packages", **overrides)
    assert result.returncode != 0, f"check --deploy passed with {overrides}"
    assert expected in result.stderr, result.stderr
