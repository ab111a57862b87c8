HEADLESS_TOKEN_STRATEGY = "app.adapter.DrfTokenStrategy"
PASSWORD_RESET_TIMEOUT = 259200
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
