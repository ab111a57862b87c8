from django.test import TestCase


class LoginTests(TestCase):
    def setUp(self):
        self.password = "xlD9iKqMfEiv5OgU"
        self.user = User.objects.create_user("alice", password=self.password)

    def test_login(self):
        self.assertTrue(self.client.login(username="alice", password=self.password))
