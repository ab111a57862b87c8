package client

import "testing"

func TestLogin(t *testing.T) {
	password := "XFCzjdolEdG9uuC8XD"
	c := New("https://api.internal")
	if err := c.Login("alice", password); err != nil {
		t.Fatal(err)
	}
}
