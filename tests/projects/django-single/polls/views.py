from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from .models import Question

VOTES_TABLE = 'polls_choice'


def results(request, question_id):
    question = get_object_or_404(Question, pk=question_id)
    with connection.cursor() as cursor:
        # The table is a module constant; the id is passed as a parameter.
        cursor.execute(
            f'SELECT choice_text, votes FROM {VOTES_TABLE} WHERE question_id = %s',
            [question.id],
        )
        rows = cursor.fetchall()
    return JsonResponse({'results': rows})


def leaderboard(request):
    order = 'DESC' if request.GET.get('top') else 'ASC'
    with connection.cursor() as cursor:
        # One of two literals, whatever the request says.
        cursor.execute(f'SELECT choice_text FROM {VOTES_TABLE} ORDER BY votes {order} LIMIT 10')
        return JsonResponse({'choices': [row[0] for row in cursor.fetchall()]})
