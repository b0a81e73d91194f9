"""Synthetic organisations of any size, in the standard workbook, for measuring procxl.

Everything comes from one `random.Random(seed)`, so a size and a seed always give the same
organisation. The text is composed from Russian word lists so that cells look and weigh like
the ones HR staff type: process names such as «Согласование договоров поставки», goals,
indicators with units, lists of several items in one cell.

    python bench/generate.py --positions 800 --processes 2000 --seed 1 -o bench/out/org.xlsx
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from procxl import hh, schema
from procxl.clauses import default_rows
from procxl.workbook.template import assessment_defaults

OUT_DIR = Path(__file__).resolve().parent / "out"

PERFORMERS_PER_PROCESS = (3, 7)
"""Each process has this many performers (inclusive range), five on average."""

POSITIONS_PER_DEPARTMENT = 13
"""About one department per this many positions: 800 positions make 62 departments."""

PROFILE_ROWS_PER_POSITION = (2, 6)
VALUES_COUNT = 7
VACANCY_EVERY = 25
"""One vacancy per this many positions (at least one)."""

Row = dict[str, Any]


# --- word lists --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Domain:
    """One area of the business: its departments, its top process and its vocabulary."""

    area: str  # genitive, after «Департамент», «Служба»
    top_process: str
    subareas: tuple[str, ...]  # genitive, after «Отдел», «Сектор»
    roles: tuple[tuple[str, str], ...]  # (nominative, genitive)
    objects: tuple[tuple[str, str], ...]  # (genitive plural, accusative plural)
    clients: tuple[str, ...]
    suppliers: tuple[str, ...]
    resources: tuple[str, ...]
    knowledge: tuple[str, ...]


DOMAINS: tuple[Domain, ...] = (
    Domain(
        "закупок", "Управление закупками",
        ("планирования закупок", "закупок сырья и материалов", "закупок оборудования",
         "работы с поставщиками", "импортных поставок"),
        (("Менеджер", "менеджера"), ("Специалист", "специалиста"), ("Экономист", "экономиста"),
         ("Аналитик", "аналитика"), ("Координатор", "координатора")),
        (("договоров поставки", "договоры поставки"), ("заявок на закупку", "заявки на закупку"),
         ("коммерческих предложений", "коммерческие предложения"),
         ("счетов поставщиков", "счета поставщиков"),
         ("спецификаций на материалы", "спецификации на материалы"),
         ("графиков поставок", "графики поставок"),
         ("претензий к поставщикам", "претензии к поставщикам"),
         ("пакетов тендерной документации", "пакеты тендерной документации")),
        ("Производственные подразделения", "Склад готовой продукции", "Руководство компании"),
        ("Поставщики сырья и материалов", "Транспортные компании", "Таможенный брокер"),
        ("Потребность подразделений в материалах", "Бюджет закупок", "Прайс-листы поставщиков",
         "Реестр одобренных поставщиков"),
        ("Гражданское законодательство РФ в части договора поставки",
         "Закон о закупках товаров, работ, услуг (223-ФЗ)", "Основы логистики"),
    ),
    Domain(
        "продаж", "Продажи и работа с клиентами",
        ("оптовых продаж", "розничных продаж", "работы с ключевыми клиентами",
         "региональных продаж", "интернет-продаж"),
        (("Менеджер", "менеджера"), ("Специалист", "специалиста"), ("Аналитик", "аналитика"),
         ("Консультант", "консультанта"), ("Администратор", "администратора")),
        (("заказов клиентов", "заказы клиентов"),
         ("договоров с покупателями", "договоры с покупателями"),
         ("прайс-листов", "прайс-листы"), ("скидок для клиентов", "скидки для клиентов"),
         ("отгрузочных документов", "отгрузочные документы"), ("планов продаж", "планы продаж"),
         ("обращений покупателей", "обращения покупателей"),
         ("просроченных платежей покупателей", "просроченные платежи покупателей")),
        ("Покупатели", "Дилеры", "Руководство компании"),
        ("Склад готовой продукции", "Маркетинговое агентство", "Банк-эквайер"),
        ("Заявки покупателей", "Прайс-лист компании", "Остатки товаров на складе",
         "Клиентская база в CRM"),
        ("Основы маркетинга", "Закон о защите прав потребителей", "Техники продаж"),
    ),
    Domain(
        "сервисного обслуживания", "Сервисное обслуживание автомобилей",
        ("приёмки автомобилей", "диагностики", "ремонта агрегатов", "гарантийного обслуживания",
         "кузовного ремонта"),
        (("Мастер-приёмщик", "мастера-приёмщика"), ("Автослесарь", "автослесаря"),
         ("Диспетчер", "диспетчера"), ("Инженер", "инженера"), ("Механик", "механика")),
        (("заказ-нарядов", "заказ-наряды"), ("дефектных карт", "дефектные карты"),
         ("записей клиентов на ремонт", "записи клиентов на ремонт"),
         ("гарантийных случаев", "гарантийные случаи"),
         ("актов выполненных работ", "акты выполненных работ"), ("рекламаций", "рекламации"),
         ("заявок на запасные части", "заявки на запасные части")),
        ("Автовладельцы", "Страховые компании", "Автослесари"),
        ("Поставщики запасных частей", "Производитель автомобилей", "Эвакуаторная служба"),
        ("Запись клиентов на ремонт", "Диагностическое оборудование", "Каталоги запасных частей",
         "Технологические карты ремонта"),
        ("Устройство автомобиля", "Правила оказания услуг по ремонту автотранспортных средств",
         "Основы электротехники"),
    ),
    Domain(
        "логистики", "Логистика и складское хозяйство",
        ("складского учёта", "транспортной логистики", "приёмки товаров",
         "комплектации заказов", "таможенного оформления"),
        (("Кладовщик", "кладовщика"), ("Логист", "логиста"), ("Диспетчер", "диспетчера"),
         ("Водитель-экспедитор", "водителя-экспедитора"), ("Оператор", "оператора")),
        (("товарных остатков", "товарные остатки"), ("приходных накладных", "приходные накладные"),
         ("транспортных заявок", "транспортные заявки"), ("маршрутных листов", "маршрутные листы"),
         ("инвентаризационных описей", "инвентаризационные описи"),
         ("складских ячеек", "складские ячейки"), ("грузовых отправлений", "грузовые отправления")),
        ("Отдел продаж", "Покупатели", "Производственные подразделения"),
        ("Транспортные компании", "Поставщики товаров", "Таможенный брокер"),
        ("Складская программа (WMS)", "Погрузочная техника", "График отгрузок",
         "Товаросопроводительные документы"),
        ("Основы логистики", "Правила перевозки грузов автомобильным транспортом",
         "Требования охраны труда при погрузочно-разгрузочных работах"),
    ),
    Domain(
        "финансов", "Управление финансами",
        ("бюджетирования", "казначейства", "финансового анализа", "расчётов с контрагентами"),
        (("Экономист", "экономиста"), ("Аналитик", "аналитика"), ("Казначей", "казначея"),
         ("Специалист", "специалиста"), ("Контролёр", "контролёра")),
        (("платёжных поручений", "платёжные поручения"),
         ("бюджетов подразделений", "бюджеты подразделений"),
         ("заявок на оплату", "заявки на оплату"), ("кассовых документов", "кассовые документы"),
         ("финансовых отчётов", "финансовые отчёты"), ("кредитных договоров", "кредитные договоры"),
         ("прогнозов движения денежных средств", "прогнозы движения денежных средств")),
        ("Руководство компании", "Руководители подразделений", "Банки-кредиторы"),
        ("Банк", "Бухгалтерия", "Руководители подразделений"),
        ("Выписки банка", "Бюджет компании", "Заявки подразделений на оплату",
         "Данные управленческого учёта"),
        ("Основы финансового анализа", "Основы бюджетирования", "Налоговое законодательство РФ"),
    ),
    Domain(
        "бухгалтерского учёта", "Бухгалтерский и налоговый учёт",
        ("учёта основных средств", "расчёта заработной платы", "налогового учёта",
         "учёта расчётов с поставщиками"),
        (("Бухгалтер", "бухгалтера"), ("Специалист", "специалиста"), ("Кассир", "кассира"),
         ("Экономист", "экономиста")),
        (("первичных документов", "первичные документы"),
         ("авансовых отчётов", "авансовые отчёты"), ("актов сверки", "акты сверки"),
         ("налоговых деклараций", "налоговые декларации"),
         ("ведомостей начисления зарплаты", "ведомости начисления зарплаты"),
         ("карточек основных средств", "карточки основных средств"),
         ("счетов-фактур", "счета-фактуры")),
        ("Налоговая инспекция", "Руководство компании", "Сотрудники компании"),
        ("Поставщики", "Отдел кадров", "Банк"),
        ("Первичные документы подразделений", "Учётная политика компании",
         "Программа 1С:Бухгалтерия", "Табели учёта рабочего времени"),
        ("Основы бухгалтерского учёта", "Налоговый кодекс РФ", "Федеральный закон «О "
         "бухгалтерском учёте» (402-ФЗ)"),
    ),
    Domain(
        "персонала", "Управление персоналом",
        ("подбора персонала", "обучения и развития", "кадрового делопроизводства",
         "оценки персонала", "мотивации и компенсаций"),
        (("Специалист", "специалиста"), ("Менеджер", "менеджера"), ("Рекрутер", "рекрутера"),
         ("Инспектор", "инспектора"), ("Делопроизводитель", "делопроизводителя")),
        (("заявок на подбор", "заявки на подбор"), ("резюме кандидатов", "резюме кандидатов"),
         ("трудовых договоров", "трудовые договоры"), ("кадровых приказов", "кадровые приказы"),
         ("планов обучения", "планы обучения"), ("графиков отпусков", "графики отпусков"),
         ("должностных инструкций", "должностные инструкции"),
         ("результатов аттестации", "результаты аттестации")),
        ("Руководители подразделений", "Сотрудники компании", "Кандидаты"),
        ("Кадровые агентства", "Учебные центры", "Сайты поиска работы"),
        ("Заявки руководителей на подбор", "Штатное расписание", "Бюджет на обучение",
         "Профили должностей"),
        ("Трудовое законодательство РФ", "Основы кадрового делопроизводства",
         "Методы оценки персонала"),
    ),
    Domain(
        "маркетинга", "Маркетинг и продвижение",
        ("рекламы", "исследований рынка", "интернет-маркетинга", "работы с партнёрами"),
        (("Маркетолог", "маркетолога"), ("Аналитик", "аналитика"), ("Менеджер", "менеджера"),
         ("Дизайнер", "дизайнера"), ("Специалист", "специалиста")),
        (("рекламных кампаний", "рекламные кампании"),
         ("маркетинговых исследований", "маркетинговые исследования"),
         ("обращений с сайта", "обращения с сайта"),
         ("материалов для выставок", "материалы для выставок"),
         ("бонусных программ", "бонусные программы"),
         ("публикаций в социальных сетях", "публикации в социальных сетях")),
        ("Отдел продаж", "Покупатели", "Руководство компании"),
        ("Рекламные агентства", "Типографии", "Исследовательские компании"),
        ("Бюджет на маркетинг", "Данные о продажах", "Результаты опросов клиентов",
         "Фирменный стиль компании"),
        ("Основы маркетинга", "Закон о рекламе", "Основы интернет-маркетинга"),
    ),
    Domain(
        "информационных технологий", "Информационное обеспечение",
        ("технической поддержки", "разработки", "сетевой инфраструктуры",
         "информационной безопасности"),
        (("Инженер", "инженера"), ("Программист", "программиста"),
         ("Администратор", "администратора"), ("Аналитик", "аналитика"),
         ("Специалист", "специалиста")),
        (("заявок пользователей", "заявки пользователей"), ("учётных записей", "учётные записи"),
         ("резервных копий", "резервные копии"),
         ("изменений в учётной системе", "изменения в учётной системе"),
         ("лицензий на программы", "лицензии на программы"),
         ("инцидентов безопасности", "инциденты безопасности")),
        ("Сотрудники компании", "Руководители подразделений", "Бухгалтерия"),
        ("Интернет-провайдер", "Поставщики оборудования", "Фирма-партнёр 1С"),
        ("Серверное оборудование", "Лицензии на программное обеспечение",
         "Заявки пользователей в службу поддержки", "Техническая документация"),
        ("Основы информационной безопасности", "Сетевые технологии",
         "Закон о персональных данных (152-ФЗ)"),
    ),
    Domain(
        "качества", "Управление качеством",
        ("технического контроля", "сертификации", "работы с рекламациями"),
        (("Инженер", "инженера"), ("Контролёр", "контролёра"), ("Аудитор", "аудитора"),
         ("Специалист", "специалиста")),
        (("несоответствий продукции", "несоответствия продукции"),
         ("планов внутренних аудитов", "планы внутренних аудитов"),
         ("сертификатов соответствия", "сертификаты соответствия"),
         ("корректирующих действий", "корректирующие действия"),
         ("жалоб клиентов", "жалобы клиентов"), ("протоколов испытаний", "протоколы испытаний")),
        ("Покупатели", "Производственные подразделения", "Руководство компании"),
        ("Испытательная лаборатория", "Органы по сертификации", "Поставщики"),
        ("Требования стандартов ISO 9001", "Измерительное оборудование",
         "Статистика рекламаций", "Технические условия на продукцию"),
        ("Основы менеджмента качества", "Методы статистического контроля",
         "Метрология и стандартизация"),
    ),
    Domain(
        "производства", "Производство продукции",
        ("планирования производства", "механической обработки", "сборки",
         "технологической подготовки", "ремонта оборудования"),
        (("Мастер", "мастера"), ("Технолог", "технолога"), ("Инженер", "инженера"),
         ("Оператор", "оператора"), ("Диспетчер", "диспетчера")),
        (("производственных заданий", "производственные задания"),
         ("технологических карт", "технологические карты"),
         ("графиков ремонта оборудования", "графики ремонта оборудования"),
         ("норм расхода материалов", "нормы расхода материалов"),
         ("сменных отчётов", "сменные отчёты"),
         ("партий готовой продукции", "партии готовой продукции")),
        ("Склад готовой продукции", "Отдел продаж", "Покупатели"),
        ("Склад материалов", "Поставщики комплектующих", "Сервисная служба производителя "
         "станков"),
        ("Производственный план", "Сырьё и материалы", "Станочный парк",
         "Конструкторская документация"),
        ("Основы технологии машиностроения", "Чтение чертежей", "Требования охраны труда"),
    ),
    Domain(
        "правового обеспечения", "Правовое и административное обеспечение",
        ("договорной работы", "судебной работы", "административно-хозяйственного обеспечения",
         "документационного обеспечения"),
        (("Юрисконсульт", "юрисконсульта"), ("Специалист", "специалиста"),
         ("Делопроизводитель", "делопроизводителя"), ("Администратор", "администратора"),
         ("Секретарь", "секретаря")),
        (("договоров с контрагентами", "договоры с контрагентами"),
         ("доверенностей", "доверенности"), ("судебных исков", "судебные иски"),
         ("входящих писем", "входящие письма"),
         ("заявок на хозяйственное обслуживание", "заявки на хозяйственное обслуживание"),
         ("локальных нормативных актов", "локальные нормативные акты")),
        ("Руководители подразделений", "Руководство компании", "Контрагенты"),
        ("Нотариус", "Арбитражный суд", "Клининговая компания"),
        ("Проекты договоров от подразделений", "Справочно-правовая система",
         "Номенклатура дел", "Бюджет на хозяйственные нужды"),
        ("Гражданское законодательство РФ", "Арбитражный процессуальный кодекс РФ",
         "Основы делопроизводства"),
    ),
)

ACTIONS: tuple[tuple[str, str], ...] = (
    ("Планирование", "планирование"), ("Согласование", "согласование"),
    ("Учёт", "учёт"), ("Контроль", "контроль"), ("Анализ", "анализ"),
    ("Подготовка", "подготовку"), ("Оформление", "оформление"), ("Проверка", "проверку"),
    ("Регистрация", "регистрацию"), ("Архивирование", "архивирование"),
    ("Мониторинг", "мониторинг"), ("Оценка", "оценку"), ("Утверждение", "утверждение"),
    ("Корректировка", "корректировку"), ("Формирование", "формирование"),
    ("Обработка", "обработку"), ("Сверка", "сверку"), ("Приёмка", "приёмку"),
    ("Исполнение", "исполнение"), ("Актуализация", "актуализацию"),
    ("Сопровождение", "сопровождение"), ("Ведение", "ведение"), ("Рассмотрение", "рассмотрение"),
    ("Распределение", "распределение"), ("Хранение", "хранение"),
)
"""Verbal nouns that open a process name: (nominative, accusative)."""

QUALIFIERS = (
    "", "", "", "", "в филиалах", "по ключевым клиентам", "в учётной системе",
    "для обособленных подразделений", "в конце месяца", "по срочным запросам",
    "в головном офисе", "при открытии нового направления",
)

GOALS = (
    "Снижение сроков обработки {gen}", "Повышение точности оформления {gen}",
    "Сокращение числа ошибок при подготовке {gen}", "Своевременное согласование {gen}",
    "Прозрачность состояния {gen} для руководства", "Снижение затрат на обработку {gen}",
    "Соблюдение требований законодательства при оформлении {gen}",
    "Удовлетворённость клиентов процесса качеством {gen}",
)
RESULTS = (
    "Согласованный реестр {gen}", "Отчёт о состоянии {gen}", "Протокол рассмотрения {gen}",
    "Записи в учётной системе", "Сводная таблица {gen}", "Комплект {gen} для архива",
    "Уведомления клиентам процесса", "Утверждённый план-график",
)
INDICATORS = (
    "Доля {gen}, обработанных в срок, %", "Среднее время подготовки {gen}, рабочих дней",
    "Количество возвратов {gen} на доработку, шт.", "Доля {gen} без замечаний, %",
    "Число просроченных {gen}, шт. в месяц", "Затраты на обработку {gen}, тыс. руб. в месяц",
    "Оценка клиентов процесса по опросу, баллов из 5",
)
FUNCTIONS = (
    "Готовит {acc}", "Проверяет {acc} на полноту и правильность",
    "Согласовывает {acc} с руководителем", "Регистрирует {acc} в учётной системе",
    "Анализирует {acc} и готовит предложения", "Контролирует сроки подготовки {gen}",
    "Ведёт реестр {gen}", "Передаёт {acc} клиентам процесса",
    "Сверяет {acc} с первичными данными", "Архивирует {acc}",
    "Информирует руководителя об отклонениях по срокам {gen}",
)
CONTENT = (
    "{performer} получает исходные данные и проверяет их полноту.",
    "{performer} готовит {acc} и передаёт на согласование.",
    "В ходе процесса выполняется сверка {gen} с данными учётной системы.",
    "{owner} утверждает итоговый документ и контролирует сроки.",
    "Результаты фиксируются в учётной системе и доступны смежным подразделениям.",
    "Отклонения разбираются на еженедельном совещании подразделения.",
    "Замечания клиентов процесса учитываются в следующем цикле планирования.",
    "Процесс выполняется ежемесячно, а при срочной потребности — по запросу руководителя.",
    "{performer} согласовывает спорные вопросы с поставщиками и клиентами процесса.",
    "Документы хранятся в электронном архиве не менее пяти лет.",
)
GENERIC_RESOURCES = (
    "Данные учётной системы", "Нормативные документы компании", "Шаблоны документов",
    "Бюджет подразделения", "Сведения от клиентов процесса", "Рабочее место с доступом к 1С",
)
GENERAL_KNOWLEDGE = (
    "Основы делопроизводства", "Основы экономики предприятия", "Правила деловой переписки",
    "Методы статистического анализа", "Требования охраны труда", "Основы менеджмента",
)
SUBJECT_KNOWLEDGE = (
    "Регламент процесса «{name}»", "Структура и продукты компании",
    "Учётная система компании (1С:ERP)", "Стандарты обслуживания клиентов компании",
    "Номенклатура товаров и услуг компании", "Порядок документооборота в компании",
)
SKILLS = (
    "Работа в 1С:Предприятие", "Ведение деловой переписки", "Работа с электронными таблицами",
    "Проведение переговоров", "Планирование рабочего времени",
    "Подготовка отчётов и презентаций", "Работа с большими объёмами данных",
    "Разрешение конфликтных ситуаций", "Составление договоров", "Работа в CRM-системе",
    "Публичные выступления",
)
QUALITIES = (
    "Внимательность", "Ответственность", "Настойчивость", "Стрессоустойчивость",
    "Пунктуальность", "Доброжелательность", "Инициативность", "Аккуратность",
    "Умение работать в команде", "Коммуникабельность", "Организованность",
    "Клиентоориентированность",
)
EXTRA_AREAS = (
    "Лояльность клиентов", "Соблюдение бюджета подразделения", "Вовлечённость сотрудников",
    "Снижение текучести персонала", "Репутация компании в регионе",
    "Выполнение плана внедрения новых услуг", "Соблюдение требований охраны труда",
)
VALUES = (
    ("Забота о клиенте", "Мы решаем задачу клиента так, как решали бы свою."),
    ("Честность", "Говорим правду клиентам и коллегам, даже когда это неудобно."),
    ("Ответственность за результат", "Доводим начатое до конца и отвечаем за сроки."),
    ("Командная работа", "Помогаем смежным подразделениям и делимся знаниями."),
    ("Постоянное улучшение", "Любой процесс можно сделать проще, быстрее и дешевле; "
     "предлагаем, как."),
    ("Уважение к людям", "Вежливы с каждым, ценим время коллег и клиентов."),
    ("Безопасность", "Не рискуем здоровьем людей ради сроков и денег."),
    ("Открытость новому", "Учимся сами и пробуем новые способы работы."),
    ("Надёжность", "Выполняем обещания, данные клиентам и партнёрам."),
)
CONDITIONS = (
    "Оформление по ТК РФ с первого дня", "Белая заработная плата два раза в месяц",
    "ДМС после испытательного срока", "Обучение за счёт компании",
    "Компенсация мобильной связи", "Корпоративный транспорт от метро",
    "Спецодежда и инструмент", "Оплачиваемый отпуск 28 календарных дней",
    "Скидки на услуги компании", "Карьерный рост внутри компании",
)
CITIES = (
    ("Москва", "в Москве"), ("Санкт-Петербург", "в Санкт-Петербурге"), ("Казань", "в Казани"),
    ("Новосибирск", "в Новосибирске"), ("Екатеринбург", "в Екатеринбурге"),
    ("Самара", "в Самаре"), ("Краснодар", "в Краснодаре"), ("Нижний Новгород",
    "в Нижнем Новгороде"), ("Пермь", "в Перми"), ("Воронеж", "в Воронеже"),
)
COMPANY_NAMES = (
    "Автосервис Плюс", "Техноресурс", "Северная звезда", "Промсервис", "Волга-Трейд",
    "СибЛогистик", "Уральские машины", "Городской сервис", "Меридиан", "Альфа-Снаб",
)
SURNAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков")
FIRST_NAMES = ("Александр", "Сергей", "Андрей", "Дмитрий", "Алексей", "Михаил", "Игорь",
               "Николай", "Павел", "Олег")
PATRONYMICS = ("Петрович", "Сергеевич", "Иванович", "Викторович", "Андреевич",
               "Николаевич", "Юрьевич", "Владимирович")
SENIORITY = (("", ""), ("", ""), ("Младший ", "младшего "), ("Старший ", "старшего "),
             ("Ведущий ", "ведущего "), ("Главный ", "главного "))

# Departments: (nominative kind, genitive kind, head title nominative, head genitive).
TOP_DEPARTMENT = ("Дирекция", "Генеральный директор", "генерального директора")
TOP_STAFF = (("Помощник генерального директора", "помощника генерального директора"),
             ("Секретарь руководителя", "секретаря руководителя"))
DOMAIN_KINDS = (("Департамент", "департамента", "Директор", "директора"),
                ("Служба", "службы", "Руководитель", "руководителя"))
UNIT_KIND = ("Отдел", "отдела", "Начальник", "начальника")
SUBUNIT_KINDS = (("Сектор", "сектора", "Руководитель", "руководителя"),
                 ("Группа", "группы", "Руководитель", "руководителя"))


# --- the organisation --------------------------------------------------------------------------

@dataclass
class _Department:
    name: str
    genitive: str  # the name in the genitive, after a role: «отдела закупок»
    parent: _Department | None
    domain: Domain | None
    level: int
    subject: str = ""  # what the department is about, in the genitive: «закупок сырья»
    head: _Position | None = None


@dataclass
class _Position:
    name: str
    genitive: str
    department: _Department
    is_head: bool


def generate(positions: int, processes: int, seed: int = 1, profiles: bool = True) -> dict:
    """A synthetic organisation as `build_workbook` takes it: sheet key -> rows.

    `organisation` maps parameter keys to values; every other user sheet maps to a list of
    rows, each a dict of column keys, with list-valued columns as lists of str. The same
    arguments always give the same data. `profiles=False` leaves `Профили` empty.
    """
    if positions < 1 or processes < 1:
        raise ValueError("positions and processes must be at least 1")
    rng = random.Random(seed)
    domains = list(DOMAINS)
    rng.shuffle(domains)
    city, city_in = rng.choice(CITIES)
    departments = _departments(rng, domains, positions)
    staff = _positions(rng, departments, positions)
    company_values = rng.sample(VALUES, VALUES_COUNT)
    process_rows, performer_rows = _processes(rng, domains, departments, staff, processes)
    competency_rows = [_competency(rng, row) for row in performer_rows]
    mail_domain = rng.choice(("tehresurs", "promservis", "meridian", "volga"))
    data: dict[str, Any] = {
        "organisation": {
            "name": f"ООО «{rng.choice(COMPANY_NAMES)}»",
            "city": city,
            "about": (
                f"Мы работаем {city_in} с {rng.randint(1995, 2015)} года и обслуживаем "
                f"более {rng.randint(2, 40)} тысяч клиентов в год. Мы ценим порядок в "
                "процессах и бережём время клиентов."
            ),
            "approver_title": TOP_DEPARTMENT[1],
            "approver_name": _person(rng),
            "document_kind": "Должностные обязанности",
            "place": f"г. {city}",
            "visas": ["Начальник отдела кадров", "Юрисконсульт"],
            **assessment_defaults(),
        },
        "values": [{"value": v, "explanation": e} for v, e in company_values],
        "departments": [_department_row(rng, d) for d in departments],
        "positions": [_position_row(rng, p) for p in staff],
        "processes": process_rows,
        "performers": performer_rows,
        "competencies": competency_rows,
        "profiles": (
            _profiles(rng, staff, performer_rows, competency_rows, process_rows, company_values)
            if profiles else []
        ),
        "vacancies": _vacancies(rng, staff, city, mail_domain),
        # the general clauses a new book starts with (no random draws: the rest stays as it
        # was for every seed)
        "clauses": [{"position": "", "action": "", **row} for row in default_rows()],
        # nobody assessed: the bench measures the process model
        "employees": [],
        "assessment": [],
        "plan": [],
        # filled by `procxl standards import` and by hand: a new book has them empty
        "standards": [], "working_group": [], "adoption_plan": [],
    }
    return data


def _departments(rng: random.Random, domains: list[Domain], positions: int) -> list[_Department]:
    """About one department per 13 positions, four levels deep.

    The top one (Дирекция), one per business domain (Департамент, Служба), then units of the
    domains (Отдел, about 70% of the rest) and the units' local sectors and groups.
    """
    wanted = max(min(3, positions), round(positions / POSITIONS_PER_DEPARTMENT))
    top = _Department(TOP_DEPARTMENT[0], "дирекции", None, None, 1)
    out = [top]
    for domain in domains[: min(len(domains), wanted - 1)]:
        kind, kind_gen, _, _ = rng.choice(DOMAIN_KINDS)
        out.append(_Department(f"{kind} {domain.area}", f"{kind_gen} {domain.area}", top,
                               domain, 2, subject=domain.area))
    branches = out[1:]
    rest = wanted - len(out)
    subareas = [
        (branch, branch.domain.subareas[i])
        for i in range(max((len(d.subareas) for d in domains), default=0))
        for branch in branches
        if branch.domain is not None and i < len(branch.domain.subareas)
    ]
    units = [
        _Department(f"{UNIT_KIND[0]} {subarea}", f"{UNIT_KIND[1]} {subarea}", branch,
                    branch.domain, 3, subject=subarea)
        for branch, subarea in subareas[: round(rest * 0.7) if rest > 2 else rest]
    ]
    out += units
    names = {d.name for d in out}
    parents = units or branches
    while len(out) < wanted:
        parent = rng.choice(parents)
        kind, kind_gen, _, _ = rng.choice(SUBUNIT_KINDS)
        subject = f"{parent.subject} {rng.choice(CITIES)[1]}"
        number = 2
        while f"{kind} {subject}" in names:
            subject = f"{subject.split(' № ')[0]} № {number}"
            number += 1
        names.add(f"{kind} {subject}")
        out.append(_Department(f"{kind} {subject}", f"{kind_gen} {subject}", parent,
                               parent.domain, parent.level + 1, subject=subject))
    return out


def _positions(rng: random.Random, departments: list[_Department], count: int) -> list[_Position]:
    """A head for every department, then staff spread over the domains' departments."""
    out: list[_Position] = []
    names: set[str] = set()

    def add(name: str, genitive: str, department: _Department, is_head: bool) -> None:
        position = _Position(name, genitive, department, is_head)
        names.add(name)
        out.append(position)
        if is_head:
            department.head = position

    heads = {k[0]: k for k in (*DOMAIN_KINDS, UNIT_KIND, *SUBUNIT_KINDS)}
    for department in departments:
        if department.parent is None:
            add(TOP_DEPARTMENT[1], TOP_DEPARTMENT[2], department, True)
        else:
            _, _, head, head_gen = heads[department.name.split(" ", 1)[0]]
            add(f"{head} {department.genitive}", f"{head_gen} {department.genitive}",
                department, True)
    for name, genitive in TOP_STAFF:
        if len(out) < count:
            add(name, genitive, departments[0], False)
    lower = [d for d in departments if d.domain is not None]
    weights = [1 if d.level == 2 else 3 for d in lower]
    while len(out) < count and lower:
        # A department whose role and seniority pairs are all taken gives way to another;
        # only when many are full does a name get a number, as in a real staff list.
        for _attempt in range(200):
            department = rng.choices(lower, weights)[0]
            assert department.domain is not None
            role, role_gen = rng.choice(department.domain.roles)
            senior, senior_gen = rng.choice(SENIORITY)
            name = f"{senior}{role.lower() if senior else role} {department.genitive}"
            genitive = f"{senior_gen}{role_gen} {department.genitive}"
            if name not in names:
                break
        number = 2
        base, base_gen = name, genitive
        while name in names:
            name, genitive = f"{base} № {number}", f"{base_gen} № {number}"
            number += 1
        add(name, genitive, department, False)
    return out[:count]


def _department_row(rng: random.Random, department: _Department) -> Row:
    domain = department.domain
    if domain is None:
        functions = ["Стратегическое планирование", "Утверждение бюджета компании",
                     "Контроль исполнения решений руководства"]
    else:
        functions = [f"{action} {gen}" for (action, _), (gen, _) in zip(
            rng.sample(ACTIONS, 3), rng.sample(domain.objects, 3), strict=True)]
    return {
        "name": department.name,
        "parent": department.parent.name if department.parent else "",
        "head": department.head.name if department.head else "",
        "functions": functions[: rng.randint(1, 3)],
    }


def _position_row(rng: random.Random, position: _Position) -> Row:
    department = position.department
    if position.is_head:
        parent = department.parent
        manager = parent.head.name if parent and parent.head else ""
    else:
        manager = department.head.name if department.head else ""
    return {
        "name": position.name,
        "department": department.name,
        "manager": manager,
        "headcount": 1 if position.is_head else rng.choice((1, 1, 1, 2, 2, 3, 4, 0.5)),
        "genitive": position.genitive,
        "extra_areas": rng.sample(EXTRA_AREAS, rng.randint(1, 2)),
        # version 2 columns, left empty as a book migrated from version 1 has them
        **{key: [] if key == "admission" else "" for key in _V2_POSITION_COLUMNS},
    }


_V2_POSITION_COLUMNS = ("education", "experience", "admission", "deputy", "approver_title",
                        "approver_name", "standard", "qualification_level",
                        "standard_mandatory", "basis")


# --- processes ---------------------------------------------------------------------------------

def _level_sizes(processes: int) -> list[int]:
    """How many processes sit on each level: 3-4 levels, most of them on the lower two."""
    first = max(1, min(15, max(3, round(processes * 0.005)), processes))
    sizes = [first]
    left = processes - first
    for share in (0.05, 0.35):
        if left <= 0:
            break
        size = min(left, max(2 * sizes[-1], round(processes * share)))
        sizes.append(size)
        left -= size
    if left > 0:
        sizes.append(left)
    return sizes


def _processes(
    rng: random.Random,
    domains: list[Domain],
    departments: list[_Department],
    staff: list[_Position],
    count: int,
) -> tuple[list[Row], list[Row]]:
    """The process rows (parents before children, in code order) and their performer rows."""
    sizes = _level_sizes(count)
    # Each node: (parts of its code, its domain). Children pick a random parent one level up.
    levels: list[list[tuple[tuple[int, ...], Domain]]] = [
        [((i + 1,), domains[i % len(domains)]) for i in range(sizes[0])]
    ]
    for size in sizes[1:]:
        parents = levels[-1]
        # Every parent gets one child first, so the tree has no stunted branches.
        chosen = list(range(len(parents)))[:size]
        chosen += [rng.randrange(len(parents)) for _ in range(size - len(chosen))]
        children_of: dict[int, int] = {}
        level = []
        for index in sorted(chosen):
            children_of[index] = children_of.get(index, 0) + 1
            parts, domain = parents[index]
            level.append(((*parts, children_of[index]), domain))
        levels.append(level)
    nodes = sorted((node for level in levels for node in level), key=lambda n: n[0])

    by_domain: dict[str, list[_Position]] = {}
    heads_by_domain: dict[str, list[_Position]] = {}
    for position in staff:
        domain = position.department.domain
        if domain is not None:
            key = domain.area
            by_domain.setdefault(key, []).append(position)
            if position.is_head:
                heads_by_domain.setdefault(key, []).append(position)
    department_names = [d.name for d in departments]
    used_names: set[str] = set()
    process_rows: list[Row] = []
    performer_rows: list[Row] = []
    for parts, domain in nodes:
        code = ".".join(str(p) for p in parts)
        pool = by_domain.get(domain.area) or staff
        heads = heads_by_domain.get(domain.area) or [staff[0]]
        owner = heads[0] if len(parts) == 1 else rng.choice(heads if len(parts) == 2 else pool)
        name, (_, action_acc), (obj_gen, obj_acc) = _process_name(
            rng, domain, len(parts), used_names
        )
        k = min(len(staff), rng.randint(*PERFORMERS_PER_PROCESS))
        performers: list[_Position] = []
        while len(performers) < k:
            candidate = rng.choice(pool if rng.random() < 0.8 else staff)
            if candidate not in performers:
                performers.append(candidate)
        process_rows.append({
            "code": code,
            "name": name,
            "content": _content(rng, action_acc, obj_gen, obj_acc, owner, performers),
            "clients": _pick(rng, [*domain.clients, *department_names], 1, 3),
            "goals": [g.format(gen=obj_gen) for g in rng.sample(GOALS, rng.randint(1, 3))],
            "results": [r.format(gen=obj_gen) for r in rng.sample(RESULTS, rng.randint(1, 3))],
            "indicators": [i.format(gen=obj_gen)
                           for i in rng.sample(INDICATORS, rng.randint(1, 3))],
            "resources": _pick(rng, [*domain.resources, *GENERIC_RESOURCES], 2, 4),
            "suppliers": _pick(rng, [*domain.suppliers, *department_names], 1, 3),
            "owner": owner.name,
        })
        for position in performers:
            functions = rng.sample(FUNCTIONS, rng.randint(1, 3))
            performer_rows.append({
                "process_code": code,
                "process_name": name,
                "position": position.name,
                "functions": [f.format(gen=obj_gen, acc=obj_acc) for f in functions],
            })
    return process_rows, performer_rows


def _process_name(
    rng: random.Random, domain: Domain, level: int, used: set[str]
) -> tuple[str, tuple[str, str], tuple[str, str]]:
    """A name unique in the organisation, with the action and the object it is made of.

    Level 1 takes the domain's own name («Управление закупками») when it is still free.
    """
    for _attempt in range(30):
        action = rng.choice(ACTIONS)
        obj = rng.choice(domain.objects)
        if level == 1 and domain.top_process not in used:
            name = domain.top_process
        else:
            name = " ".join(filter(None, (action[0], obj[0], rng.choice(QUALIFIERS))))
        if name not in used:
            break
    base, number = name, 2
    while name in used:
        name, number = f"{base} (этап {number})", number + 1
    used.add(name)
    return name, action, obj


def _content(
    rng: random.Random,
    action_acc: str,
    obj_gen: str,
    obj_acc: str,
    owner: _Position,
    performers: Sequence[_Position],
) -> str:
    """Two to four sentences: what the process covers and who does what in it."""
    sentences = [f"Процесс охватывает {action_acc} {obj_gen}."]
    for template in rng.sample(CONTENT, rng.randint(1, 3)):
        sentences.append(template.format(
            performer=rng.choice(performers).name, owner=owner.name, gen=obj_gen, acc=obj_acc,
        ))
    return " ".join(sentences)


def _competency(rng: random.Random, performer: Row) -> Row:
    return {
        "position": performer["position"],
        "process_code": performer["process_code"],
        "process_name": performer["process_name"],
        "functions": list(performer["functions"]),
        "general_knowledge": _pick(rng, GENERAL_KNOWLEDGE, 1, 2),
        "subject_knowledge": [
            s.format(name=performer["process_name"]) for s in _pick(rng, SUBJECT_KNOWLEDGE, 1, 2)
        ],
        "skills": _pick(rng, SKILLS, 1, 3),
        "qualities": _pick(rng, QUALITIES, 1, 3),
        "status": "",
    }


def _profiles(
    rng: random.Random,
    staff: list[_Position],
    performers: list[Row],
    competencies: list[Row],
    processes: list[Row],
    company_values: Sequence[tuple[str, str]],
) -> list[Row]:
    """A few profile rows per position, drawn from what procxl would offer, some set to «нет»."""
    sections = dict(zip(
        ("general_knowledge", "subject_knowledge", "skills", "qualities"),
        schema.PROFILE_SECTIONS[:4], strict=True,
    ))
    competencies_of: dict[str, list[Row]] = {}
    for row in competencies:
        competencies_of.setdefault(row["position"], []).append(row)
    functions_of: dict[str, list[str]] = {}
    for row in performers:
        functions_of.setdefault(row["position"], []).extend(row["functions"])
    indicators_of: dict[str, list[str]] = {}
    for row in processes:
        indicators_of.setdefault(row["owner"], []).extend(row["indicators"])
    out: list[Row] = []
    for position in staff:
        offers: list[tuple[str, str, str]] = [
            (schema.PROFILE_SECTIONS[4], value, "Ценности") for value, _ in company_values
        ]
        for row in competencies_of.get(position.name, [])[:3]:
            for key, section in sections.items():
                offers += [(section, item, "Компетенции") for item in row[key]]
        offers += [(schema.PROFILE_SECTIONS[5], f, "Исполнители")
                   for f in functions_of.get(position.name, [])[:3]]
        offers += [(schema.PROFILE_SECTIONS[6], i, "Процессы")
                   for i in indicators_of.get(position.name, [])[:3]]
        unique = list(dict.fromkeys(offers))
        for section, wording, source in rng.sample(
            unique, min(len(unique), rng.randint(*PROFILE_ROWS_PER_POSITION))
        ):
            out.append({
                "position": position.name,
                "section": section,
                "wording": wording,
                "include": schema.NO if rng.random() < 0.15 else schema.YES,
                "to_vacancy": "",
                "source": source,
                "status": "",
            })
        if rng.random() < 0.05:
            out.append({
                "position": position.name,
                "section": schema.PROFILE_SECTIONS[2],
                "wording": rng.choice(SKILLS),
                "include": schema.YES,
                "to_vacancy": "",
                "source": schema.MANUAL_SOURCE,
                "status": "",
            })
    return out


def _vacancies(
    rng: random.Random, staff: list[_Position], city: str, mail_domain: str
) -> list[Row]:
    ordinary = [p for p in staff if not p.is_head] or staff
    count = min(len(ordinary), max(1, len(staff) // VACANCY_EVERY))
    out = []
    for position in rng.sample(ordinary, count):
        salary_from = rng.randrange(40_000, 200_001, 5_000)
        out.append({
            "position": position.name,
            "city": rng.choice((city, city, rng.choice(CITIES)[0])),
            "area": "",
            "salary_from": salary_from,
            "salary_to": salary_from + rng.randrange(10_000, 60_001, 5_000),
            "experience": rng.choice(tuple(hh.EXPERIENCE)),
            "schedule": rng.choice(tuple(hh.WORK_SCHEDULE)),
            "employment": rng.choice(tuple(hh.EMPLOYMENT_FORM)[:3]),
            "work_format": rng.choice(tuple(hh.WORK_FORMAT)),
            "hours": 8,
            "conditions": _pick(rng, CONDITIONS, 2, 4),
            "billing": rng.choice(("", *hh.BILLING_TYPE)),
            "role": "",
            # a contact as the first standard had it: name, phone and e-mail in one cell
            "contact_name": (f"{_person(rng)}, отдел подбора персонала, "
                             f"+7 (9{rng.randint(10, 99)}) {rng.randint(100, 999)}-"
                             f"{rng.randint(10, 99)}-{rng.randint(10, 99)}, "
                             f"hr@{mail_domain}.ru"),
            "phone": "",
            "email": "",
        })
    return out


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(FIRST_NAMES)} {rng.choice(PATRONYMICS)}"


def _pick(rng: random.Random, items: Sequence[str], low: int, high: int) -> list[str]:
    """Between `low` and `high` distinct items, in a random order."""
    unique = list(dict.fromkeys(items))
    return rng.sample(unique, min(len(unique), rng.randint(low, high)))


# --- files -------------------------------------------------------------------------------------

def default_path(positions: int, processes: int, seed: int = 1) -> Path:
    """Where a generated organisation of this size and seed is kept between runs."""
    return OUT_DIR / f"org-{positions}x{processes}-seed{seed}.xlsx"


def write(path: str | os.PathLike[str], data: dict, excel_strings: bool = True) -> Path:
    """Save the data as a standard workbook; return the path.

    The book is built by `procxl.workbook.template.build_workbook` and saved by
    `procxl.workbook.files.atomic_save`. openpyxl writes every string inline in its cell,
    with each Cyrillic letter as a character reference (`&#1044;`); Excel writes them once,
    in the shared strings table, as UTF-8. With `excel_strings` (the default) the saved file is
    then rewritten that way, so that readers are measured on the files users actually have.
    """
    write_timed(path, data, excel_strings)
    return Path(path)


def write_timed(
    path: str | os.PathLike[str], data: dict, excel_strings: bool = True
) -> dict[str, float]:
    """:func:`write`, returning the seconds spent building, saving and sharing strings."""
    from procxl.workbook.files import atomic_save
    from procxl.workbook.template import build_workbook

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    workbook = build_workbook(data)
    built = time.perf_counter()
    atomic_save(workbook, target)
    saved = time.perf_counter()
    timings = {"build_workbook": built - started, "atomic_save": saved - built}
    if excel_strings:
        share_strings(target)
        timings["share_strings"] = time.perf_counter() - saved
    return timings


_INLINE_CELL = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.S)
_CHAR_REF = re.compile(rb"&#(\d+);")
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def share_strings(path: str | os.PathLike[str]) -> None:
    """Rewrite a workbook's inline strings as one shared strings table, as Excel saves them.

    The content of each `<is>` becomes an `<si>` of `xl/sharedStrings.xml` unchanged (the two
    elements have the same type), with character references turned back into UTF-8.
    """
    target = Path(path)
    index: dict[bytes, int] = {}
    count = 0

    def share(match: re.Match[bytes]) -> bytes:
        nonlocal count
        count += 1
        item = _CHAR_REF.sub(_utf8, match.group(3))
        number = index.setdefault(item, len(index))
        return b'<c %st="s"%s><v>%d</v></c>' % (match.group(1), match.group(2), number)

    temp = target.with_name(f".{target.stem}.shared{target.suffix}")
    with zipfile.ZipFile(target) as source, zipfile.ZipFile(
        temp, "w", zipfile.ZIP_DEFLATED
    ) as out:
        names = source.namelist()
        if "xl/sharedStrings.xml" in names:
            temp.unlink()
            return
        for name in names:
            part = source.read(name)
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                part = _INLINE_CELL.sub(share, part)
            elif name == "[Content_Types].xml":
                override = (f'<Override PartName="/xl/sharedStrings.xml" '
                            f'ContentType="{_SST_TYPE}"/>').encode()
                part = part.replace(b"</Types>", override + b"</Types>")
            elif name == "xl/_rels/workbook.xml.rels":
                rel = (f'<Relationship Type="{_SST_REL}" Target="sharedStrings.xml" '
                       f'Id="rIdSharedStrings"/>').encode()
                part = part.replace(b"</Relationships>", rel + b"</Relationships>")
            out.writestr(name, part)
        head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<sst xmlns="{_NS_MAIN}" count="{count}" uniqueCount="{len(index)}">').encode()
        out.writestr("xl/sharedStrings.xml",
                     head + b"".join(b"<si>%s</si>" % item for item in index) + b"</sst>")
    os.replace(temp, target)


def _utf8(match: re.Match[bytes]) -> bytes:
    code = int(match.group(1))
    return chr(code).encode() if code > 127 else match.group(0)


def row_counts(data: dict) -> dict[str, int]:
    """Rows per user sheet (parameters for `Организация`), keyed by the Russian sheet name."""
    return {schema.sheet(key).name: len(rows) for key, rows in data.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--positions", type=int, default=800, help="number of positions")
    parser.add_argument("--processes", type=int, default=2000, help="number of processes")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--no-profiles", action="store_true", help="leave «Профили» empty")
    parser.add_argument("--inline-strings", action="store_true",
                        help="keep the strings inline, as openpyxl (and so procxl) saves them")
    parser.add_argument("-o", "--output", type=Path, help="the .xlsx to write "
                        "(default: bench/out/org-<positions>x<processes>-seed<seed>.xlsx)")
    args = parser.parse_args(argv)
    path = args.output or default_path(args.positions, args.processes, args.seed)
    started = time.perf_counter()
    data = generate(args.positions, args.processes, args.seed, profiles=not args.no_profiles)
    timings = {"generate": time.perf_counter() - started}
    timings |= write_timed(path, data, excel_strings=not args.inline_strings)
    for name, count in row_counts(data).items():
        print(f"{name:<14} {count:>7}")
    print(", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in timings.items()))
    print(f"{path.stat().st_size / 2**20:.1f} MiB -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
