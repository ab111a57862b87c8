import requests

SHIPPING_API_TOKEN = "Go1nzfagvS7VJhdjtnKwpSdt2ASg5Bbh"


def quote(parcel):
    return requests.post("https://ship.internal/quote", json=parcel,
                         headers={"X-Token": SHIPPING_API_TOKEN})
