"""This poste's signing key, and Ed25519 signatures of export bundles.

Why: the SHA-256 of a bundle only detects damage, since anyone can recompute it.
A signature made with a key that never leaves the laptop lets the coordinator
check that a bundle comes from the poste it says (once that poste's public key is
pinned, see postes.py). Ed25519 from `cryptography`: no hand-made crypto.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from harcelement_kit.errors import os_reason

__all__ = ["KEY_FILE", "PosteKey", "poste_key", "new_key", "fingerprint", "verify", "SigningError"]

KEY_FILE = "poste-cle-privee.pem"
ALGORITHM = "ed25519"


class SigningError(Exception):
    """A key that cannot be made or read, with a French message."""


@dataclass(frozen=True)
class PosteKey:
    private: Ed25519PrivateKey
    temporary: bool = False  # made in memory: the data folder cannot be written

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_raw).decode("ascii")

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_b64)

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.private.sign(message)).decode("ascii")


def new_key() -> PosteKey:
    return PosteKey(Ed25519PrivateKey.generate())


def fingerprint(public_b64: str) -> str:
    """16 hex digits of the SHA-256 of the public key, in groups of 4: short enough to
    read aloud over the phone, long enough that nobody can make a key that matches."""
    digest = hashlib.sha256(base64.b64decode(public_b64)).hexdigest()[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def poste_key(data_dir: Path) -> PosteKey:
    """This laptop's key, made on first use in the data folder (readable by its owner
    only). Two processes making it at once agree: the first link wins."""
    path = Path(data_dir) / KEY_FILE
    if not path.exists():
        key = new_key()
        pem = key.private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        partial = path.with_name(f".{KEY_FILE}.{uuid.uuid4().hex}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(pem)
                f.flush()
                os.fsync(f.fileno())
            try:
                os.link(partial, path)  # fails if another process made it first: keep theirs
            except FileExistsError:
                pass
        except OSError as exc:
            if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
                # A read-only folder (a USB stick, another account's folder): the export is
                # signed all the same, by a key that lives only as long as this command.
                return PosteKey(key.private, temporary=True)
            raise SigningError(
                f"impossible de créer la clé de ce poste dans {path.parent} ({os_reason(exc)})"
            ) from None
        finally:
            try:
                partial.unlink(missing_ok=True)
            except OSError:
                pass
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise SigningError(f"la clé de ce poste ({path}) est illisible : {exc.__class__.__name__}") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise SigningError(f"la clé de ce poste ({path}) n'est pas une clé Ed25519")
    return PosteKey(private)


def verify(public_b64, signature_b64, message: bytes) -> bool:
    """True when `signature_b64` is a valid signature of `message` by `public_b64`."""
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))
        public.verify(base64.b64decode(signature_b64, validate=True), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
