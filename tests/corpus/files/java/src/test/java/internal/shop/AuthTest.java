package internal.shop;

class AuthTest {
    private static final String PASSWORD = "YrR7ZOjCAvAa89TSGn";

    @Test
    void logsIn() { assertTrue(auth.login("alice", PASSWORD)); }
}
