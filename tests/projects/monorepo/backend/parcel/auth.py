HEADLESS_TOKEN_STRATEGY = "parcel.adapters.DrfTokenStrategy"
PASSWORD_RESET_TIMEOUT = 259200


def seed_admin(create_user):
    email, password = "admin@parcel.internal", "mypassword"
    create_user(email=email, password=password)
