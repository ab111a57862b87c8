from django.db import connection

from .models import Post

# Full-text search table, rebuilt by the nightly job.
DEFAULT_TABLE_NAME = "blog_post_search"


def rebuild_index():
    with connection.cursor() as cursor:
        # A module constant: nothing outside this file can change it.
        cursor.execute("DROP TABLE IF EXISTS " + DEFAULT_TABLE_NAME)
        cursor.execute(
            "CREATE TABLE " + DEFAULT_TABLE_NAME + " AS SELECT id, title FROM blog_post"
        )


def set_collation(strict):
    mode = "STRICT_ALL_TABLES" if strict else "ANSI"
    with connection.cursor() as cursor:
        # One of two literals.
        cursor.execute(f"SET SESSION sql_mode = '{mode}';")


def count(queryset):
    # SQL Django generated, its parameters passed apart.
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) subquery", params)
        return cursor.fetchone()[0]


def search(request):
    term = request.GET.get("q", "")
    # The one real injection: the request's text becomes SQL.
    return Post.objects.raw(f"SELECT * FROM blog_post WHERE title LIKE '%{term}%'")
