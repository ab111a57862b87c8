API_TOKEN = "JkcjL1KG7BBPajQfNjxgWfsO"


def test_orders_need_a_token(client):
    response = client.get("/api/orders", HTTP_AUTHORIZATION=f"Token {API_TOKEN}")
    assert response.status_code == 200
