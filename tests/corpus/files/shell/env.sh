# Local development defaults. Never used in production.
export DJANGO_SETTINGS_MODULE=shop.settings.dev
export SECRET_KEY=dummy-key
export STRIPE_SECRET_KEY=sk_test_placeholder
export TOKEN_TTL_SECONDS=3600
export PASSWORD_HASHERS=argon2
