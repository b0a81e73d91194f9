"""The procxl workbook standard, version 2, as data: every sheet and column in one place.

The blank template, the reader, the checks, the writers and the user documentation are all
driven from the declarations below, so a new column is one line here. Field keys are English
and match the attribute names of the records in :mod:`procxl.model`; everything a user sees
(sheet names, headers, hints) is Russian.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from procxl import hh

STANDARD_VERSION = 2
"""Version 2 adds optional sheets and columns: a book of version 1 reads as before."""


class Owner(StrEnum):
    """Who fills a column: the user types it, procxl writes it."""

    USER = "user"
    PROCXL = "procxl"


class Ref(StrEnum):
    """Which register a cell's value must come from."""

    POSITION = "position"
    DEPARTMENT = "department"
    PROCESS = "process"


class Kind(StrEnum):
    """How a cell's value is typed and kept."""

    TEXT = "text"
    CODE = "code"  # a process code: text, never a number (so 1.10 stays 1.10)
    NUMBER = "number"
    CHOICE = "choice"  # one of Column.choices


YES, NO = "да", "нет"
YES_NO = (YES, NO)

MANUAL_SOURCE = "вручную"
"""The `Откуда` of a profile row the user added by hand; such rows are never touched."""

MAIN_DOCUMENT_KINDS = ("Должностные обязанности", "Должностная инструкция")
"""What `Вид документа` may call the position's main document: the guide's name first."""

CLAUSE_SECTIONS = ("Общие положения", "Права", "Ответственность", "Условия работы")
"""The sections of the main document that take clauses from the `Положения` sheet."""
ADD, REPLACE = "добавить", "заменить"
CLAUSE_ACTIONS = (ADD, REPLACE)

CLAUSE_FIELDS = {
    "должность": "название должности: «Менеджер по развитию сети СТО»",
    "должность_рп": "должность в родительном падеже: «менеджера по развитию сети СТО»",
    "подразделение": "подразделение должности",
    "руководитель": "непосредственный руководитель (должность)",
    "замещает": "должность, которая замещает эту на время отсутствия",
    "организация": "наименование организации",
}
"""The fields a `Положения` clause may name in braces: {должность}, and what each gives."""

PROFILE_SECTIONS = (
    "Общие знания",
    "Предметные знания",
    "Навыки",
    "Личные качества",
    "Ценности",
    "Функциональные обязанности",
    "Области ответственности",
)
"""The sections of a position profile, in the guide's order."""

ASSESSED_SECTIONS = PROFILE_SECTIONS[:5]
"""The profile sections an employee is assessed on: knowledge, skills, qualities, values."""

DEFAULT_SCALE = (
    "1 — не владеет",
    "2 — знает основы, нужна помощь",
    "3 — применяет в типовых ситуациях",
    "4 — применяет уверенно и самостоятельно",
    "5 — эксперт, учит других",
)
"""The assessment scale when `Шкала оценки` is not given: one level per item."""
DEFAULT_REQUIRED_LEVEL = 4
"""The required level when `Требуемый уровень по умолчанию` is not given."""

DEVELOPMENT_FORMS = ("Задание на рабочем месте", "Наставничество", "Обучение")
"""The forms of development of the 70/20/10 model: on the job, from others, formal training."""

@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table sheet."""

    key: str
    header: str
    hint: str
    required: bool = False
    unique: bool = False
    is_list: bool = False
    ref: Ref | None = None
    kind: Kind = Kind.TEXT
    choices: tuple[str, ...] = ()
    owner: Owner = Owner.USER
    width: float = 20
    scale: bool = False  # a level of the assessment scale: its drop-down offers the levels
    aliases: tuple[str, ...] = ()
    also: tuple[str, ...] = ()  # values of a choice still understood, no longer offered

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header text that names this column: the standard one first."""
        return (self.header, *self.aliases)

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every value a choice column takes: those its drop-down offers, then older ones."""
        return (*self.choices, *self.also)


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a key-value sheet (`Организация`)."""

    key: str
    label: str
    hint: str
    required: bool = False
    is_list: bool = False


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet of the standard workbook."""

    key: str
    name: str
    purpose: str
    columns: tuple[Column, ...] = ()
    params: tuple[Param, ...] = ()
    generated: bool = False
    required: bool = False  # a workbook without this sheet cannot give any document

    @property
    def header_row(self) -> int:
        """The 1-based row of the header: generated sheets carry a note in row 1."""
        return 2 if self.generated else 1

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    @property
    def is_table(self) -> bool:
        return bool(self.columns)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(f"{self.key} has no column {key!r}")

    def param(self, key: str) -> Param:
        for param in self.params:
            if param.key == key:
                return param
        raise KeyError(f"{self.key} has no parameter {key!r}")


def _col(key: str, header: str, hint: str, **kw: object) -> Column:
    return Column(key, header, hint, **kw)  # type: ignore[arg-type]


def _list(key: str, header: str, hint: str, **kw: object) -> Column:
    kw.setdefault("width", 40)
    return Column(key, header, hint, is_list=True, **kw)  # type: ignore[arg-type]


_LIST_TIP = " Каждый пункт — с новой строки (Alt+Enter) или через «;»."


STALE_ITEM_MARK = "Пункт больше не следует из процессов"
"""How the «Отметка procxl» of a `Профили` row no process supports any more begins."""
STALE_ITEM = f"{STALE_ITEM_MARK}: решите, нужен ли он"


def _status_column() -> Column:
    """The column where procxl marks a row it keeps but no longer derives (never deletes)."""
    return _col("status", "Отметка procxl", "Заполняет procxl. Если здесь есть отметка, "
                "строка больше не следует из процессов: она сохранена с вашими данными — "
                "решите сами, удалить ли её.", owner=Owner.PROCXL, width=30)

ORGANISATION = Sheet(
    "organisation",
    "Организация",
    "Название компании, город, текст «о компании» для вакансий и кто утверждает документы.",
    required=True,
    columns=(
        _col("parameter", "Параметр", "Название параметра. Не меняйте текст в этой колонке.",
             required=True, width=34),
        _col("value", "Значение", "Значение параметра.", width=70),
    ),
    params=(
        Param("name", "Наименование организации",
              "Полное наименование, как в документах: ООО «Автосервис Плюс».", required=True),
        Param("city", "Город", "Город по умолчанию для вакансий."),
        Param("about", "О компании (для вакансий)",
              "Два-три предложения о компании: открывают текст каждой вакансии."),
        Param("approver_title", "Утверждает: должность",
              "Должность того, кто утверждает должностные обязанности, например «Генеральный "
              "директор»."),
        Param("approver_name", "Утверждает: ФИО",
              "Фамилия, имя и отчество утверждающего: И. О. Фамилия попадут в гриф "
              "«УТВЕРЖДАЮ»."),
        Param("document_kind", "Вид документа",
              f"Название главного документа должности: «{MAIN_DOCUMENT_KINDS[0]}» (так в "
              f"методике; по умолчанию) или «{MAIN_DOCUMENT_KINDS[1]}»."),
        Param("place", "Место составления",
              "Город, который печатается под названием документа. Если пусто — «Город»."),
        Param("visas", "Согласует: должности",
              "Должности, чьи визы «СОГЛАСОВАНО» ставятся на должностные обязанности, например "
              "«Начальник отдела кадров». Можно добавить ФИО через тире: «Юрисконсульт — "
              "Петров Иван Сергеевич»." + _LIST_TIP, is_list=True),
        Param("scale", "Шкала оценки",
              "Уровни шкалы для оценки сотрудников, по одному на строку, от низшего к "
              "высшему: «1 — не владеет», …, «5 — эксперт, учит других». Если пусто — эти "
              "пять уровней." + _LIST_TIP, is_list=True),
        Param("required_level", "Требуемый уровень по умолчанию",
              "Уровень шкалы, который должен быть у сотрудника по каждому пункту профиля, "
              f"числом. Если пусто — {DEFAULT_REQUIRED_LEVEL}. Для отдельных пунктов его "
              "можно изменить на листе «Оценка»."),
    ),
)

VALUES = Sheet(
    "values",
    "Ценности",
    "Ценности компании. Они общие для всех и входят в профиль каждой должности.",
    columns=(
        _col("value", "Ценность", "Короткая формулировка ценности: «Забота о клиенте».",
             required=True, unique=True, width=32),
        _col("explanation", "Пояснение", "Что эта ценность значит в работе, одним-двумя "
             "предложениями.", width=70),
    ),
)

DEPARTMENTS = Sheet(
    "departments",
    "Подразделения",
    "Центры ответственности: подразделения компании, их подчинённость и функции.",
    required=True,
    columns=(
        _col("name", "Подразделение", "Название подразделения. Каждое — один раз.",
             required=True, unique=True, width=32),
        _col("parent", "Вышестоящее подразделение",
             "Подразделение, в которое входит это. Для верхнего уровня оставьте пустым.",
             ref=Ref.DEPARTMENT, width=32),
        _col("head", "Руководитель", "Должность руководителя подразделения (из листа "
             "«Должности»).", ref=Ref.POSITION, width=30),
        _list("functions", "Функции", "Что подразделение делает в процессах компании." + _LIST_TIP),
    ),
)

POSITIONS = Sheet(
    "positions",
    "Должности",
    "Штатные должности: подразделение, непосредственный руководитель и дополнительные "
    "области ответственности из стратегии.",
    required=True,
    columns=(
        _col("name", "Должность", "Название должности, как в штатном расписании. Каждая — один "
             "раз.", required=True, unique=True, width=34),
        _col("department", "Подразделение", "Подразделение из листа «Подразделения».",
             required=True, ref=Ref.DEPARTMENT, width=30),
        _col("manager", "Непосредственный руководитель",
             "Должность непосредственного руководителя (из этого же листа).",
             ref=Ref.POSITION, width=30),
        _col("headcount", "Количество ставок", "Число штатных единиц, например 2 или 0,5.",
             kind=Kind.NUMBER, width=12, aliases=("Ставки", "Количество единиц")),
        _col("genitive", "Должность в родительном падеже",
             "Заполните, только если автоматическое склонение ошиблось: «заведующего "
             "складом».", width=32),
        _list("extra_areas", "Дополнительные области ответственности",
              "Показатели, которые идут из стратегии, а не из процессов, например «лояльность "
              "автовладельцев»." + _LIST_TIP),
        _col("education", "Образование", "Требование к образованию, например «Высшее "
             "(экономика, менеджмент)». Войдёт в должностные обязанности и профиль.",
             width=32),
        _col("experience", "Опыт работы", "Требуемый стаж, например «Не менее 2 лет в "
             "продажах».", width=28),
        _list("admission", "Особые условия допуска", "Медицинский осмотр, допуски, "
              "водительское удостоверение категории «B»." + _LIST_TIP, width=32),
        _col("deputy", "Замещает при отсутствии", "Должность, которая исполняет обязанности "
             "этой на время её отсутствия (отпуск, болезнь, командировка).", ref=Ref.POSITION,
             width=30),
        _col("approver_title", "Утверждает: должность", "Кто утверждает документы этой "
             "должности, если не тот, кто указан на листе «Организация». Для генерального "
             "директора — например, «Общее собрание участников».", width=30),
        _col("approver_name", "Утверждает: ФИО", "Фамилия, имя и отчество утверждающего. "
             "Для коллегиального органа оставьте пустым: в грифе будет «УТВЕРЖДЕНО» и место "
             "для даты и номера протокола.", width=30),
        _col("standard", "Профстандарт", "Код профстандарта и буква обобщённой трудовой "
             "функции (ОТФ), которой соответствует должность, например «06.026 B». "
             "Подсказку даёт лист «Сопоставление с профстандартами».", width=16),
        _col("qualification_level", "Уровень квалификации", "Уровень квалификации по "
             "профстандарту, от 1 до 9. Если пусто — уровень выбранной ОТФ.",
             kind=Kind.NUMBER, width=14),
        _col("standard_mandatory", "Профстандарт обязателен", "«да», если с работой по "
             "должности связаны компенсации, льготы или ограничения (ТК РФ ст. 57, 195.3): "
             "тогда название и требования к квалификации должны соответствовать "
             "профстандарту.", kind=Kind.CHOICE, choices=YES_NO, width=14),
        _col("basis", "Основание", "Почему профстандарт обязателен: закон или иной акт, "
             "который связывает эту работу с компенсациями, льготами или ограничениями.",
             width=36),
    ),
)

PROCESSES = Sheet(
    "processes",
    "Процессы",
    "Реестр процессов: коды задают уровни и структуру, остальные колонки — спецификация "
    "каждого процесса.",
    required=True,
    columns=(
        _col("code", "Код", "Код процесса: 1, 1.2, 1.2.3. Подпроцесс 1.2 входит в процесс 1. "
             "Колонка текстовая, чтобы 1.10 не превратился в 1.1.", required=True, unique=True,
             kind=Kind.CODE, width=9, aliases=("Код процесса",)),
        _col("name", "Процесс", "Название процесса: «Прием автомобиля от клиента».",
             required=True, width=34, aliases=("Название процесса", "Наименование процесса")),
        _col("content", "Содержание",
             "Два-четыре предложения: какие действия совершаются в процессе.",
             width=50, aliases=("Краткое описание", "Описание")),
        _list("clients", "Клиенты", "Кто пользуется результатами процесса." + _LIST_TIP),
        _list("goals", "Цели", "Что процесс меняет для клиентов (не путайте с результатами)."
              + _LIST_TIP),
        _list("results", "Результаты", "Что процесс производит на выходе: документы, продукты, "
              "услуги." + _LIST_TIP),
        _list("indicators", "Показатели", "Как измеряется достижение целей." + _LIST_TIP),
        _list("resources", "Ресурсы", "Что нужно процессу на входе: информация, материалы, "
              "оборудование." + _LIST_TIP),
        _list("suppliers", "Поставщики", "Кто обеспечивает процесс ресурсами." + _LIST_TIP),
        _col("owner", "Владелец", "Должность, которая отвечает за цели процесса и вправе его "
             "менять.", ref=Ref.POSITION, width=30, aliases=("Владелец процесса",)),
    ),
)

PERFORMERS = Sheet(
    "performers",
    "Исполнители",
    "Кто выполняет какой процесс и какие функции. Из этого листа складываются должностные "
    "обязанности.",
    required=True,
    columns=(
        _col("process_code", "Код процесса", "Код из листа «Процессы».", required=True,
             ref=Ref.PROCESS, kind=Kind.CODE, width=11, aliases=("Код",)),
        _col("process_name", "Процесс", "Название процесса — для удобства чтения; procxl "
             "сверяет его с кодом.", width=34),
        _col("position", "Должность", "Должность исполнителя из листа «Должности».",
             required=True, ref=Ref.POSITION, width=34, aliases=("Исполнитель",)),
        _list("functions", "Функции", "Что именно делает эта должность в этом процессе. Если "
              "пусто, в обязанности попадёт содержание процесса." + _LIST_TIP, width=60),
    ),
)

COMPETENCIES = Sheet(
    "competencies",
    "Компетенции",
    "Знания, навыки и личные качества, нужные исполнителю в каждом процессе. Первые четыре "
    "колонки заполняет procxl, остальные — вы.",
    columns=(
        _col("position", "Должность", "Заполняет procxl из листа «Исполнители».",
             ref=Ref.POSITION, owner=Owner.PROCXL, width=30),
        _col("process_code", "Код процесса", "Заполняет procxl из листа «Исполнители».",
             ref=Ref.PROCESS, kind=Kind.CODE, owner=Owner.PROCXL, width=11),
        _col("process_name", "Процесс", "Заполняет procxl из листа «Процессы».",
             owner=Owner.PROCXL, width=30),
        _list("functions", "Функции", "Заполняет procxl из листа «Исполнители».",
              owner=Owner.PROCXL, width=45),
        _list("general_knowledge", "Общие знания", "Фундамент специальности: то, что кандидат "
              "должен знать до прихода в компанию." + _LIST_TIP, width=35),
        _list("subject_knowledge", "Предметные знания", "Специальные знания, которые можно "
              "получить в компании." + _LIST_TIP, width=35),
        _list("skills", "Навыки", "Что сотрудник должен уметь делать." + _LIST_TIP, width=35),
        _list("qualities", "Личные качества", "Например: настойчивость, внимательность."
              + _LIST_TIP, width=30),
        _status_column(),
    ),
)

PROFILES = Sheet(
    "profiles",
    "Профили",
    "Выбор того, что войдёт в профиль каждой должности. Строки добавляет procxl; "
    "вы решаете «да» или «нет» и можете добавить свои строки.",
    columns=(
        _col("position", "Должность", "Должность из листа «Должности».", ref=Ref.POSITION,
             owner=Owner.PROCXL, width=30),
        _col("section", "Раздел", "Раздел профиля.", kind=Kind.CHOICE,
             choices=PROFILE_SECTIONS, owner=Owner.PROCXL, width=26),
        _col("wording", "Формулировка", "Пункт профиля.", owner=Owner.PROCXL, width=60),
        _col("include", "Включить", "«да» — пункт войдёт в профиль, «нет» — не войдёт.",
             kind=Kind.CHOICE, choices=YES_NO, width=10),
        _col("to_vacancy", "В вакансию", "«нет» — пункт останется в профиле, но не войдёт в "
             "текст вакансии: например, знания, которые даёт только сама компания (её "
             "стандарты). Пусто — войдёт.", kind=Kind.CHOICE, choices=YES_NO, width=12),
        _col("source", "Откуда", "Откуда взят пункт. Для своих строк напишите «вручную» — "
             "procxl их не тронет.", owner=Owner.PROCXL, width=36),
        _status_column(),
    ),
)

_HH_TIP = " Нужно для публикации через API hh.ru."

VACANCIES = Sheet(
    "vacancies",
    "Вакансии",
    "Должности, на которые идёт подбор: условия для текста вакансии и для публикации на hh.ru.",
    columns=(
        _col("position", "Должность", "Должность из листа «Должности».", required=True,
             ref=Ref.POSITION, width=30),
        _col("city", "Город", "Город работы. Если пусто — город из листа «Организация».",
             width=16),
        _col("area", "Регион hh.ru", "Город или регион для hh.ru, если он не тот, что в "
             "«Городе», или его номер в справочнике hh.ru. Если пусто — берётся «Город»; "
             "крупные города procxl знает сам." + _HH_TIP, width=16),
        _col("salary_from", "Зарплата от", "Сумма в рублях за месяц до вычета налогов, числом.",
             kind=Kind.NUMBER, width=12),
        _col("salary_to", "Зарплата до", "Сумма в рублях за месяц до вычета налогов, числом.",
             kind=Kind.NUMBER, width=12),
        _col("experience", "Опыт работы", "Выберите из списка (как на hh.ru). Если пусто — "
             "procxl определит по «Опыту работы» на листе «Должности».",
             kind=Kind.CHOICE, choices=tuple(hh.EXPERIENCE), width=18),
        _col("employment", "Занятость", "Выберите из списка (как на hh.ru).",
             kind=Kind.CHOICE, choices=tuple(hh.EMPLOYMENT_FORM),
             also=hh.OLD_WORDS["employment"], width=18),
        _col("work_format", "Формат работы", "Где работать: выберите из списка (как на hh.ru).",
             kind=Kind.CHOICE, choices=tuple(hh.WORK_FORMAT), width=18),
        _col("schedule", "График работы", "Сколько дней работы и отдыха: 5/2, 2/2, 6/1… "
             "Выберите из списка (как на hh.ru).", kind=Kind.CHOICE,
             choices=tuple(hh.WORK_SCHEDULE), also=hh.OLD_WORDS["schedule"], width=14,
             aliases=("График",)),
        _col("hours", "Часов в день", "Продолжительность рабочего дня в часах, числом: 8.",
             kind=Kind.NUMBER, width=10),
        _list("conditions", "Условия", "Что компания предлагает: оформление, обучение, "
              "форма." + _LIST_TIP),
        _col("billing", "Тип публикации", "Тариф hh.ru, по которому публиковать вакансию. "
             "Заполните, если вакансия пойдёт на hh.ru: тогда procxl проверит всё, что для "
             "этого нужно.", kind=Kind.CHOICE, choices=tuple(hh.BILLING_TYPE), width=16),
        _col("role", "Профессиональная роль hh.ru", "Номер профессиональной роли в "
             "справочнике hh.ru, например 70 — «Менеджер по продажам, менеджер по работе с "
             "клиентами»." + _HH_TIP, width=16),
        _col("contact_name", "Контактное лицо", "Кому писать или звонить кандидату: имя и "
             "фамилия. В описание вакансии не входит: hh.ru показывает контакты отдельно.",
             width=24, aliases=("Контакты",)),
        _col("phone", "Телефон", "Телефон для кандидатов: +7 (843) 000-00-00.", width=18),
        _col("email", "Email", "Почта для откликов.", width=24),
    ),
)

CLAUSES = Sheet(
    "clauses",
    "Положения",
    "Общие положения, права, ответственность и условия работы для должностных обязанностей: "
    "то, что не следует из процессов.",
    columns=(
        _col("section", "Раздел", "Раздел документа, куда войдёт пункт.", required=True,
             kind=Kind.CHOICE, choices=CLAUSE_SECTIONS, width=20),
        _col("position", "Должность", "Пусто — пункт для всех должностей. Должность — только "
             "для неё.", ref=Ref.POSITION, width=30),
        _col("action", "Действие", f"Для пункта с должностью: «{ADD}» — в дополнение к общим "
             f"пунктам раздела (по умолчанию), «{REPLACE}» — вместо общих пунктов раздела.",
             kind=Kind.CHOICE, choices=CLAUSE_ACTIONS, width=14),
        _col("text", "Текст", "Один пункт. Можно вставлять поля в фигурных скобках: "
             + ", ".join("{" + name + "}" for name in CLAUSE_FIELDS) + ".", required=True,
             width=90),
    ),
)

EMPLOYEES = Sheet(
    "employees",
    "Сотрудники",
    "Сотрудники, которых оценивают: должность и руководитель. Это персональные данные: они "
    "остаются в книге и в документах оценки.",
    columns=(
        _col("name", "ФИО", "Фамилия, имя и отчество полностью: «Иванов Пётр Сергеевич».",
             required=True, width=34),
        _col("position", "Должность", "Должность сотрудника из листа «Должности».",
             required=True, ref=Ref.POSITION, width=34),
        _col("number", "Табельный номер", "Табельный номер. Обязателен, если у двух "
             "сотрудников одинаковые ФИО: по нему procxl их различает.", width=14),
        _col("manager", "Руководитель (ФИО)", "ФИО руководителя, который оценивает "
             "сотрудника и согласует его план развития.", width=34),
        _col("hired", "Дата приёма", "Дата приёма на работу: 05.06.2026.", width=14),
    ),
)

_SCORE_TIP = " Уровень шкалы числом (шкала — на листе «Организация»)."

ASSESSMENT = Sheet(
    "assessment",
    "Оценка",
    "Оценка сотрудников по пунктам их профилей: строки добавляет procxl, оценки ставите вы.",
    columns=(
        _col("employee", "Сотрудник", "Заполняет procxl из листа «Сотрудники».",
             owner=Owner.PROCXL, width=30),
        _col("position", "Должность", "Заполняет procxl из листа «Сотрудники».",
             owner=Owner.PROCXL, width=28),
        _col("section", "Раздел", "Раздел профиля.", kind=Kind.CHOICE,
             choices=ASSESSED_SECTIONS, owner=Owner.PROCXL, width=20),
        _col("wording", "Формулировка", "Пункт профиля должности.", owner=Owner.PROCXL,
             width=50),
        _col("required", "Требуемый уровень", "Какой уровень нужен в этой должности. procxl "
             "ставит уровень по умолчанию один раз; дальше решаете вы." + _SCORE_TIP,
             kind=Kind.NUMBER, scale=True, width=12),
        _col("self_score", "Самооценка", "Оценка самого сотрудника." + _SCORE_TIP,
             kind=Kind.NUMBER, scale=True, width=12),
        _col("manager_score", "Оценка руководителя", "Оценка руководителя." + _SCORE_TIP,
             kind=Kind.NUMBER, scale=True, width=12),
        _col("gap", "Разрыв", "Заполняет procxl: требуемый уровень минус оценка "
             "руководителя (или самооценка, если оценки руководителя нет).",
             kind=Kind.NUMBER, owner=Owner.PROCXL, width=10),
        _col("date", "Дата оценки", "Когда проведена оценка: 05.06.2026.", width=14),
        _col("comment", "Комментарий", "Пример из работы, на котором основана оценка.",
             width=40),
        _status_column(),
    ),
)

DEVELOPMENT_PLAN = Sheet(
    "plan",
    "План развития",
    "Индивидуальные планы развития: procxl предлагает строку для каждого разрыва, вы "
    "решаете, что делать, в какой срок и кто отвечает.",
    columns=(
        _col("employee", "Сотрудник", "Заполняет procxl из листа «Оценка».",
             owner=Owner.PROCXL, width=30),
        _col("section", "Раздел", "Раздел профиля.", kind=Kind.CHOICE,
             choices=ASSESSED_SECTIONS, owner=Owner.PROCXL, width=20),
        _col("wording", "Формулировка", "Пункт профиля, по которому есть разрыв.",
             owner=Owner.PROCXL, width=45),
        _col("gap", "Разрыв", "Заполняет procxl из листа «Оценка».", kind=Kind.NUMBER,
             owner=Owner.PROCXL, width=10),
        _col("activity", "Мероприятие", "Что сделать, чтобы закрыть разрыв: задание, "
             "проект, курс, работа с наставником.", width=45),
        _col("form", "Форма развития", "«Задание на рабочем месте» (около 70 % развития), "
             "«Наставничество» (около 20 %) или «Обучение» (около 10 %). procxl предлагает "
             "форму один раз; дальше решаете вы.", kind=Kind.CHOICE,
             choices=DEVELOPMENT_FORMS, width=24),
        _col("deadline", "Срок", "До какой даты: 31.12.2026.", width=14),
        _col("responsible", "Ответственный", "Кто отвечает за мероприятие: ФИО.", width=28),
        _col("result", "Ожидаемый результат", "Что изменится в работе, когда разрыв "
             "закрыт: как это увидеть.", width=40),
        _col("done", "Выполнено", "«да», когда мероприятие выполнено.", kind=Kind.CHOICE,
             choices=YES_NO, width=11),
        _status_column(),
    ),
)

STANDARDS = Sheet(
    "standards",
    "Профстандарты",
    "Профессиональные стандарты из XML Минтруда: строка на каждую трудовую функцию. Лист "
    "заполняет команда «procxl standards import».",
    columns=(
        _col("standard_code", "Код ПС", "Код профстандарта (вида профессиональной "
             "деятельности), например 06.026.", kind=Kind.CODE, owner=Owner.PROCXL, width=9),
        _col("standard", "Профстандарт", "Наименование профстандарта.", owner=Owner.PROCXL,
             width=28),
        _col("otf_code", "Код ОТФ", "Буква обобщённой трудовой функции.", owner=Owner.PROCXL,
             width=8),
        _col("otf", "ОТФ", "Обобщённая трудовая функция.", owner=Owner.PROCXL, width=30),
        _col("level", "Уровень", "Уровень квалификации ОТФ.", owner=Owner.PROCXL, width=9),
        _col("tf_code", "Код ТФ", "Код трудовой функции: буква ОТФ, номер и уровень "
             "(A/01.3).", owner=Owner.PROCXL, width=9),
        _col("tf", "ТФ", "Трудовая функция.", owner=Owner.PROCXL, width=30),
        _col("labour_actions", "Трудовые действия", "Трудовые действия, по одному в строке.",
             owner=Owner.PROCXL, width=50),
        _col("skills", "Необходимые умения", "По одному в строке.", owner=Owner.PROCXL,
             width=40),
        _col("knowledge", "Необходимые знания", "По одному в строке.", owner=Owner.PROCXL,
             width=40),
        _col("education", "Требования к образованию", "Требования ОТФ к образованию и "
             "обучению.", owner=Owner.PROCXL, width=34),
        _col("experience", "Требования к опыту", "Требования ОТФ к опыту практической "
             "работы.", owner=Owner.PROCXL, width=30),
        _col("admission", "Особые условия допуска", "Особые условия допуска к работе.",
             owner=Owner.PROCXL, width=30),
        _col("job_titles", "Возможные наименования должностей", "Наименования должностей, "
             "которые профстандарт называет для ОТФ.", owner=Owner.PROCXL, width=34),
    ),
)

GROUP_ROLES = ("Председатель", "Член группы", "Секретарь")
CHAIR = GROUP_ROLES[0]

WORKING_GROUP = Sheet(
    "working_group",
    "Рабочая группа",
    "Рабочая группа по внедрению профессиональных стандартов: кто в неё входит и в какой "
    "роли. Из листа складываются приказ о её создании и положение о ней.",
    columns=(
        _col("name", "ФИО", "Фамилия, имя и отчество участника.", required=True, width=34),
        _col("position", "Должность", "Должность участника.", width=34),
        _col("role", "Роль", "Роль в группе.", kind=Kind.CHOICE, choices=GROUP_ROLES,
             width=16),
    ),
)

ADOPTION_PLAN = Sheet(
    "adoption_plan",
    "План внедрения ПС",
    "План мероприятий по внедрению профессиональных стандартов: что сделать, когда, кто "
    "отвечает и как понять, что сделано.",
    columns=(
        _col("activity", "Мероприятие", "Что сделать, например «Составить перечень "
             "должностей, по которым применение профстандартов обязательно».", required=True,
             width=60),
        _col("deadline", "Срок", "Когда: дата или «до 01.03.2027».", width=16),
        _col("responsible", "Ответственный", "Кто отвечает: должность или ФИО.", width=30),
        _col("criterion", "Критерий выполнения", "Как понять, что сделано: документ, приказ, "
             "протокол.", width=40),
    ),
)

DUTIES = Sheet(
    "duties",
    "Обязанности",
    "Должностные обязанности: для каждой должности — процессы, функции, цели, результаты "
    "и показатели.",
    generated=True,
    columns=(
        _col("position", "Должность", "Должность-исполнитель.", owner=Owner.PROCXL, width=28),
        _col("process_code", "Код процесса", "Код процесса.", kind=Kind.CODE,
             owner=Owner.PROCXL, width=10),
        _col("process_name", "Процесс", "Название процесса.", owner=Owner.PROCXL, width=28),
        _list("functions", "Функции", "Функции должности в процессе.", owner=Owner.PROCXL),
        _list("goals", "Цели", "Цели процесса.", owner=Owner.PROCXL, width=34),
        _list("results", "Результаты", "Результаты процесса.", owner=Owner.PROCXL, width=34),
        _list("indicators", "Показатели", "Показатели процесса.", owner=Owner.PROCXL, width=34),
    ),
)

MATRIX = Sheet(
    "matrix",
    "Матрица ответственности",
    "Процессы по строкам, должности по столбцам: «В» — владелец, «И» — исполнитель.",
    generated=True,
)

PROCESS_MAP = Sheet(
    "process_map",
    "Карта процессов",
    "Карта процессов: уровни вложены друг в друга и окрашены, как в методике.",
    generated=True,
)

ASSESSMENT_SUMMARY = Sheet(
    "assessment_summary",
    "Итоги оценки",
    "Итоги оценки: для каждого сотрудника — средний уровень по разделам, число разрывов и "
    "самые большие из них; диаграмма — по разделам.",
    generated=True,
    columns=(
        _col("employee", "Сотрудник", "Сотрудник.", owner=Owner.PROCXL, width=30),
        _col("position", "Должность", "Должность сотрудника.", owner=Owner.PROCXL, width=28),
        *(_col(f"average_{i}", section, f"Средняя оценка по разделу «{section}».",
               kind=Kind.NUMBER, owner=Owner.PROCXL, width=12)
          for i, section in enumerate(ASSESSED_SECTIONS, 1)),
        _col("required", "Требуемый уровень", "Средний требуемый уровень.",
             kind=Kind.NUMBER, owner=Owner.PROCXL, width=12),
        _col("gaps", "Разрывов", "Сколько пунктов ниже требуемого уровня.",
             kind=Kind.NUMBER, owner=Owner.PROCXL, width=10),
        _list("largest", "Самые большие разрывы", "Пункты с наибольшим разрывом.",
              owner=Owner.PROCXL, width=50),
    ),
)

MAPPING = Sheet(
    "standards_mapping",
    "Сопоставление с профстандартами",
    "Функциональный анализ: функции каждой должности рядом с ближайшими трудовыми функциями "
    "профстандартов, предложенная ОТФ и то, что не покрыто ни с одной стороны.",
    generated=True,
    columns=(
        _col("position", "Должность", "Должность.", owner=Owner.PROCXL, width=26),
        _col("function", "Функция должности", "Функция из листа «Исполнители».",
             owner=Owner.PROCXL, width=40),
        _col("work_function", "Трудовая функция", "Ближайшая трудовая функция "
             "профстандарта.", owner=Owner.PROCXL, width=40),
        _list("labour_actions", "Трудовые действия", "Трудовые действия этой ТФ, ближе всего "
              "к функции.", owner=Owner.PROCXL, width=50),
        _col("score", "Сходство, %", "Насколько функция совпадает с трудовыми действиями: "
             "доля весомых слов, общих для обеих.", kind=Kind.NUMBER, owner=Owner.PROCXL,
             width=11),
        _col("suggestion", "ОТФ для должности", "Предложенная обобщённая трудовая функция "
             "и её уровень.", owner=Owner.PROCXL, width=34),
        _col("note", "Отметка", "Что не покрыто: функция без ТФ или трудовое действие "
             "предложенной ОТФ, которого нет среди функций.", owner=Owner.PROCXL, width=30),
    ),
)

FINDINGS = Sheet(
    "findings",
    "Проверка",
    "Результаты проверки: каждая строка — найденная ошибка или замечание со ссылкой на ячейку.",
    generated=True,
    columns=(
        _col("level", "Уровень", "Ошибка, предупреждение или замечание.",
             owner=Owner.PROCXL, width=16),
        _col("rule", "Правило", "Код правила: его описание — в документации.",
             owner=Owner.PROCXL, width=10),
        _col("sheet", "Лист", "Лист, где найдена проблема.", owner=Owner.PROCXL, width=18),
        _col("cell", "Ячейка", "Ссылка на ячейку: щёлкните, чтобы перейти.",
             owner=Owner.PROCXL, width=10),
        _col("message", "Сообщение", "Что не так.", owner=Owner.PROCXL, width=60),
        _col("hint", "Как исправить", "Что сделать.", owner=Owner.PROCXL, width=60),
    ),
)

INSTRUCTIONS_SHEET = "Инструкция"
"""The first sheet of every workbook procxl creates: the method step by step (not read back)."""

SHEETS: tuple[Sheet, ...] = (
    ORGANISATION,
    VALUES,
    DEPARTMENTS,
    POSITIONS,
    PROCESSES,
    PERFORMERS,
    COMPETENCIES,
    PROFILES,
    VACANCIES,
    CLAUSES,
    EMPLOYEES,
    ASSESSMENT,
    DEVELOPMENT_PLAN,
    STANDARDS,
    WORKING_GROUP,
    ADOPTION_PLAN,
    DUTIES,
    MATRIX,
    PROCESS_MAP,
    ASSESSMENT_SUMMARY,
    MAPPING,
    FINDINGS,
)
"""Every sheet of the standard, in the order of the method."""

USER_SHEETS: tuple[Sheet, ...] = tuple(s for s in SHEETS if not s.generated)
GENERATED_SHEETS: tuple[Sheet, ...] = tuple(s for s in SHEETS if s.generated)

REF_SHEET = {Ref.POSITION: POSITIONS, Ref.DEPARTMENT: DEPARTMENTS, Ref.PROCESS: PROCESSES}
"""The register sheet a reference points into (its key column is the first one)."""


def sheet(key: str) -> Sheet:
    """The sheet with this key; KeyError for an unknown key."""
    for s in SHEETS:
        if s.key == key:
            return s
    raise KeyError(key)


def iter_columns() -> Iterator[tuple[Sheet, Column]]:
    """Every (sheet, column) pair of the standard, in order."""
    for s in SHEETS:
        for c in s.columns:
            yield s, c
