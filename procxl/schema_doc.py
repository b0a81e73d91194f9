"""The workbook reference of the user documentation, generated from the schema.

`python -m procxl.schema_doc docs/workbook.md` rewrites it; a test fails when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from procxl import schema

_REF_WORDS = {
    schema.Ref.POSITION: "должность из листа «Должности»",
    schema.Ref.DEPARTMENT: "подразделение из листа «Подразделения»",
    schema.Ref.PROCESS: "код из листа «Процессы»",
}


def render() -> str:
    """The reference of every sheet and column, as Markdown."""
    lines = [
        "# Листы и колонки книги procxl",
        "",
        f"Стандарт книги, версия {schema.STANDARD_VERSION}. Этот файл составляется "
        "автоматически из описания стандарта в коде (`python -m procxl.schema_doc "
        "docs/workbook.md`); не правьте его вручную.",
        "",
        "Общие правила: заголовок — в первой строке, данные — со второй; порядок колонок "
        "любой, лишние колонки не мешают; заголовки сравниваются без учёта регистра, "
        "пробелов и разницы «е»/«ё». В колонках-списках каждый пункт пишется с новой строки "
        "(Alt+Enter) или через «;», маркеры «•», «-», «1.» убираются. Названия должностей и "
        "подразделений должны совпадать на всех листах (регистр, лишние пробелы и «ё» не "
        "важны).",
    ]
    for sheet in schema.SHEETS:
        lines += ["", f"## {sheet.name}", "", sheet.purpose]
        if sheet.generated:
            lines += ["", "Лист заполняет procxl; всё, что вписано на него вручную, "
                      "заменяется при обновлении."]
        elif sheet.required:
            lines += ["", "Обязательный лист."]
        if sheet.params:
            lines += ["", "| Параметр | Обязательный | Что писать |", "|---|---|---|"]
            lines += [f"| {p.label} | {'да' if p.required else ''} | {p.hint} |"
                      for p in sheet.params]
        elif sheet.columns:
            lines += ["", "| Колонка | Обязательная | Кто заполняет | Что писать |",
                      "|---|---|---|---|"]
            lines += [_column_row(c) for c in sheet.columns]
    return "\n".join(lines) + "\n"


def _column_row(column: schema.Column) -> str:
    notes = [column.hint]
    if column.is_list and "с новой строки" not in column.hint:
        notes.append("Список: пункт на строку.")
    if column.ref and "из листа" not in column.hint:
        notes.append(f"Значение: {_REF_WORDS[column.ref]}.")
    if column.choices:
        notes.append("Варианты: " + ", ".join(f"«{c}»" for c in column.choices) + ".")
    if column.aliases:
        notes.append("Можно назвать и так: " + ", ".join(f"«{a}»" for a in column.aliases) + ".")
    owner = "procxl" if column.owner is schema.Owner.PROCXL else "вы"
    required = "да" if column.required else ""
    return f"| {column.header} | {required} | {owner} | {' '.join(notes)} |"


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else Path("docs/workbook.md")
    target.write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
