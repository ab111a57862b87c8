from parcel.carriers import quote

TEST_PASSWORD = "mJrbOnUp8ElWUTwg"


def test_quote_needs_login(client, django_user_model):
    django_user_model.objects.create_user("alice", password=TEST_PASSWORD)
    assert client.login(username="alice", password=TEST_PASSWORD)
