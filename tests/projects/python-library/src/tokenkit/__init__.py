"""Issue and check signed API tokens."""

import getpass
import os

from itsdangerous import URLSafeTimedSerializer

#: The environment variable that holds the signing key.
SECRET_KEY_ENV = "TOKENKIT_SECRET_KEY"
TOKEN_HEADER = "X-Api-Token"
PASSWORD_PROMPT = "Password: "


def signing_key():
    """The key tokens are signed with, from the environment."""
    return os.environ[SECRET_KEY_ENV]


def ask_password():
    return getpass.getpass(PASSWORD_PROMPT)


def issue(user_id, secret_key=None):
    serializer = URLSafeTimedSerializer(secret_key or signing_key())
    return serializer.dumps({"user": user_id})


def check(token, max_age=3600, secret_key=None):
    serializer = URLSafeTimedSerializer(secret_key or signing_key())
    return serializer.loads(token, max_age=max_age)
