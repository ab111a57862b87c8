import requests

# TODO: move to the environment before launch.
CARRIER_API_TOKEN = "zoQlp1Nm6UwNxZUdYvoosnyhYctJ6Qp4"
CARRIER_TOKEN_URL = "https://carrier.internal/oauth2/token"


def quote(parcel):
    return requests.post(
        "https://carrier.internal/v2/quote",
        json=parcel,
        headers={"Authorization": f"Bearer {CARRIER_API_TOKEN}"},
    )
