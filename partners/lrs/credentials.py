"""The LRS secret at rest: encrypted with a key of our own, readable only by the code that sends statements."""
import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted (the encryption key changed): staff must enter it again."""


def _fernet() -> Fernet:
    # A key derived from LRS_CREDENTIALS_KEY (or SECRET_KEY), so no second secret is needed to start.
    material = (settings.LRS_CREDENTIALS_KEY or settings.SECRET_KEY).encode()
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"lrs-credentials:" + material).digest()))


def secret_seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def secret_open(sealed: str) -> str:
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable(
            "The saved secret can no longer be read (the site's encryption key changed). Enter the secret again."
        ) from error
