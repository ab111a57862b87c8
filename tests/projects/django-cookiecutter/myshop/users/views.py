from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.views.generic import DetailView

User = get_user_model()


class UserDetailView(LoginRequiredMixin, DetailView):
    model = User
    slug_field = "username"
    slug_url_kwarg = "username"


def active_user_count():
    # Django's own SQL, its parameters passed apart: not an injection.
    sql, params = User.objects.filter(is_active=True).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS active", params)
        return cursor.fetchone()[0]
