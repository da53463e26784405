"""The regulated conclusion of seed 002 as a template rubric (лист экспертизы), in Russian.

Networks copy it and edit their copy; the template itself (no network) is never changed.
"""

from django.db import migrations

LEVELS = ("не проявлено", "проявлено частично", "проявлено в основном", "проявлено полностью")

CRITERIA = (
    # title, what is examined, weight, critical
    (
        "Актуальность и обоснованность",
        "Разработка отвечает на выявленные профессиональные дефициты и запросы практики; "
        "проблема и цель сформулированы и обоснованы.",
        1,
        False,
    ),
    (
        "Соответствие нормативным требованиям",
        "Соответствие ФГОС, ФОП и профессиональному стандарту педагога; корректность содержания.",
        1,
        True,
    ),
    (
        "Новизна и оригинальность",
        "Авторский замысел, новые для практики приёмы, технологии или сочетания.",
        1,
        False,
    ),
    (
        "Методическая проработанность",
        "Цели, задачи, этапы, формы и инструменты согласованы; описаны планируемые результаты "
        "и способы их оценки.",
        2,
        False,
    ),
    (
        "Практическая значимость и тиражируемость",
        "Разработку могут применить коллеги других организаций; описаны условия и ресурсы.",
        2,
        False,
    ),
    (
        "Качество оформления",
        "Структура, язык, наглядность, ссылки на источники, приложения.",
        1,
        False,
    ),
)


def ship(apps, schema_editor):
    Rubric = apps.get_model("expertise", "Rubric")
    Criterion = apps.get_model("expertise", "Criterion")
    LevelDescriptor = apps.get_model("expertise", "LevelDescriptor")
    rubric = Rubric.objects.create(
        title="Экспертное заключение на методическую разработку",
        description=(
            "Регламент экспертного заключения для взаимоэкспертизы и экспертизы авторских "
            "продуктов стажёров: оценка по критериям с обоснованием, сильные стороны, "
            "недостатки, рекомендации и вывод."
        ),
        recommend_from=70,
        revise_from=50,
    )
    for order, (title, description, weight, critical) in enumerate(CRITERIA, start=1):
        criterion = Criterion.objects.create(
            rubric=rubric,
            order=order,
            title=title,
            description=description,
            weight=weight,
            max_score=3,
            critical=critical,
            pass_score=1,
            comment_below=2,
        )
        LevelDescriptor.objects.bulk_create(
            LevelDescriptor(criterion=criterion, score=score, text=text)
            for score, text in enumerate(LEVELS)
        )


def unship(apps, schema_editor):
    apps.get_model("expertise", "Rubric").objects.filter(network__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("expertise", "0001_initial")]

    operations = [migrations.RunPython(ship, unship)]
