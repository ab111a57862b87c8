import tokenkit


def test_roundtrip(monkeypatch):
    monkeypatch.setenv(tokenkit.SECRET_KEY_ENV, "not-a-real-key")
    token = tokenkit.issue(42)
    assert tokenkit.check(token) == {"user": 42}
