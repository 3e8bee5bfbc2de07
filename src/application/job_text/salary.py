"""Reading pay from a line: "$11,670.34 - $14,174.54 per month", "£60k-£75k",
"60.000 - 75.000 EUR brutto/Jahr", "$45/hour", "45 000 € par an".

Separators follow the writer's locale: a separator followed by exactly three digits
groups thousands ("60.000", "50,000", "45 000", "120'000"), one followed by one or
two digits is the decimal mark ("45.50", "45,50"); with both, the last one is decimal.
An amount counts only with a currency next to it (or named in a pay line), so "40,000
new users per day" is not pay. Without a stated period the size of the amounts
decides (60k is yearly, 4,000 monthly, 45 hourly), and the report says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from application.job_text.model import ParsedSalary
from application.job_text.text_lines import fold
from domain.iso_codes import CURRENCIES
from domain.posting_values import MAX_SALARY, SalaryPeriod

_SYMBOLS = {
    "US$": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "NZ$": "NZD",
    "R$": "BRL",
    "S$": "SGD",
    "HK$": "HKD",
    "MX$": "MXN",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "zł": "PLN",
}
_WORDS = {
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "franken": "CHF",
    "reais": "BRL",
}
_CURRENCY = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
    + r")|\b[A-Z]{3}\b|(?i:\b(?:"
    + "|".join(_WORDS)
    + r")\b)"
)
_AMOUNT = re.compile(
    r"(?<![\w.,])(?P<number>\d{1,3}(?P<sep>[,.'\u2019 ])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d{1,2})?"
    r"|\d+(?:[.,]\d{1,2})?)(?![\d])(?:[.,]-{1,2})?"
    # "$40M", "2 million": a company's figures, not pay
    r"(?!\s?(?:[mMbB]n?|million|billion|mio|Mio|mrd|Mrd|millones|milioni|milhoes|miljoen)\b)"
    r"(?P<mult>\s?(?:k|K|mil|Tsd\.?|tsd\.?)(?![A-Za-z]))?"
)
_JOINER = re.compile(
    r"-|\u2013|\u2014|~|to|bis|a|au|and|et|y|e|und|tot|en|til|until|\.\.\.?|and up to"
    r"|jusqu'a|hasta"
)
_UNIT_PREFIX = r"(?:/\s?|\b(?:per|an|a|each|par|pro|por|al|ao|au|im)\s|\ball'|\bl')"
_PERIODS = (
    (
        SalaryPeriod.HOUR,
        _UNIT_PREFIX + r"(?:hour|hr|h|heure|stunde|std|hora|ora|uur)\b|\bhourly\b"
        r"|\bstunden(?:lohn|satz)\b|\btaux horaire\b|\bp/u\b",
    ),
    (
        SalaryPeriod.DAY,
        _UNIT_PREFIX + r"(?:day|jour|tag|dia|giorno|dag)\b|\bdaily\b|\bday rate\b|\btjm\b"
        r"|\btagessatz\b",
    ),
    (
        SalaryPeriod.MONTH,
        _UNIT_PREFIX + r"(?:month|mo|mth|mois|monat|mes|mese|maand)\b|\bmonthly\b"
        r"|\bmensuel(?:le)?s?\b|\bmonatlich\b|\bmensual(?:es)?\b|\bmensil[ei]\b|\bmensa(?:l|is)\b"
        r"|\bp/m\b|\bp\.m\.",
    ),
    (
        SalaryPeriod.YEAR,
        _UNIT_PREFIX + r"(?:year|yr|annum|an|jahr|ano|anno|jaar)\b|\bannual(?:ly)?\b"
        r"|\byearly\b|\bp\.\s?a\.|\bp\.?a\b|\bannuel(?:le)?s?\b|\bjahrlich\b"
        r"|\b(?:brutto)?jahres\w*|\banual(?:es)?\b|\bannu[oi]\b|\bral\b|\bjaarsalaris\b",
    ),
)
_PERIOD_PATTERNS = tuple((period, re.compile(pattern)) for period, pattern in _PERIODS)
_PAY_WORDS = re.compile(
    r"\b(?:salary|salaries|pay|paid|compensation|wage|base|ote|remuneration|rate|package"
    r"|gehalt|vergutung|jahresgehalt|lohn|salaire|remunere|remuneration|salario|sueldo"
    r"|retribucion|remuneracion|stipendio|retribuzione|ral|compenso|remuneracao|salaris"
    r"|loon|brutto|bruto|brut|bruts|brutos|gross|tjm)\b"
)
# Money that is not pay: budgets, allowances, funding, the company's figures.
_NOT_PAY = re.compile(
    r"budget|stipend|allowance|bonus|reimburs|voucher|zuschuss|pramie|indemnit|ticket|ayuda"
    r"|buono|reiskosten|fund|revenue|raised|funding|valuation|series [a-e]\b|turnover|umsatz"
    r"|chiffre d'affaires|users|customers|per employee|gift|donat|equity|relocation"
)
_UPPER_BOUND = re.compile(r"\b(?:up to|bis zu|jusqu'a|hasta|fino a|ate|tot)\s*$")
_MAX_RATIO = Decimal(5)
MAX_TOKENS_PER_LINE = 40  # no pay line holds more amounts or currencies


@dataclass(frozen=True, slots=True)
class _Amount:
    value: Decimal
    start: int
    end: int
    multiplied: bool
    currency: str | None  # a currency written right next to it


def _number(text: str, sep: str | None) -> Decimal | None:
    if sep:
        text = text.replace(sep, "")
    text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None


def _currencies(line: str) -> list[tuple[int, int, str]]:
    found = []
    for match in _CURRENCY.finditer(line):
        token = match.group()
        code = _SYMBOLS.get(token) or _WORDS.get(token.casefold())
        if code is None and token in CURRENCIES:
            code = token
        if code is not None:
            found.append((match.start(), match.end(), code))
    return found


def _amounts(line: str, currencies: list[tuple[int, int, str]]) -> list[_Amount]:
    amounts = []
    for match in _AMOUNT.finditer(line):
        value = _number(match["number"], match["sep"])
        if value is None:
            continue
        multiplied = match["mult"] is not None
        if multiplied:
            value *= 1000
        start, end = match.start(), match.end()
        attached = None
        for c_start, c_end, code in currencies:
            if (0 <= start - c_end <= 1 and not line[c_end:start].strip()) or (
                0 <= c_start - end <= 1 and not line[end:c_start].strip()
            ):
                attached = code
        amounts.append(_Amount(value, start, end, multiplied, attached))
    return amounts


def _joined(line: str, first: _Amount, second: _Amount) -> bool:
    gap = line[first.end : second.start]
    if len(gap) > 16:
        return False
    gap = _CURRENCY.sub(" ", gap)
    gap = fold(gap).strip()
    return _JOINER.fullmatch(gap) is not None


def _range(line: str, amounts: list[_Amount], index: int) -> tuple[_Amount, _Amount]:
    anchor = amounts[index]
    partners = []
    if index > 0:
        partners.append((amounts[index - 1], anchor))
    if index + 1 < len(amounts):
        partners.append((anchor, amounts[index + 1]))
    for low, high in partners:
        if not _joined(line, low, high):
            continue
        low, high = _carry_multiplier(low, high)
        small, large = sorted((low.value, high.value))
        if small > 0 and large / small <= _MAX_RATIO:
            return low, high
    return anchor, anchor


def _carry_multiplier(low: _Amount, high: _Amount) -> tuple[_Amount, _Amount]:
    """ "60-75k": the "k" of the second amount belongs to the first as well."""
    if high.multiplied and not low.multiplied and low.value * 1000 <= high.value:
        low = _Amount(low.value * 1000, low.start, low.end, True, low.currency)
    return low, high


def _plain(text: str) -> str:
    """Like fold(), but one character for one, so offsets stay valid."""
    out = []
    for ch in text:
        low = ch.casefold() if len(ch.casefold()) == 1 else ch.lower()
        base = unicodedata.normalize("NFKD", low)[:1] or low
        out.append("'" if base in "\u2019\u2018`" else base)
    return "".join(out)


def _period(line: str, start: int) -> SalaryPeriod | None:
    folded = _plain(line)
    best: tuple[int, SalaryPeriod] | None = None
    for period, pattern in _PERIOD_PATTERNS:
        for match in pattern.finditer(folded):
            # prefer the period stated after the amounts, then the nearest before them
            distance = match.start() - start if match.start() >= start else 10_000 - match.start()
            if best is None or distance < best[0]:
                best = (distance, period)
    return best[1] if best else None


def guess_period(amount: Decimal, multiplied: bool) -> SalaryPeriod:
    if multiplied or amount >= 15_000:
        return SalaryPeriod.YEAR
    if amount >= 1_000:
        return SalaryPeriod.MONTH
    if amount >= 150:
        return SalaryPeriod.DAY
    return SalaryPeriod.HOUR


def _tidy(amount: Decimal) -> Decimal:
    """60000 rather than 60000.0 or 6E+4; cents stay as written."""
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount


@dataclass(frozen=True, slots=True)
class SalaryReading:
    salary: ParsedSalary
    notes: tuple[str, ...]


def read_salary(line: str, *, pay_line: bool = False) -> SalaryReading | None:
    """The pay one line states, if it states one.

    ``pay_line``: the line is labelled as pay ("Salary: 60,000 - 75,000 EUR"), so a
    currency anywhere in it counts and money words do not disqualify it.
    """
    folded_check = fold(line)
    mentions_pay = pay_line or _PAY_WORDS.search(folded_check) is not None
    if not mentions_pay and _NOT_PAY.search(folded_check):
        return None
    currencies = _currencies(line)[:MAX_TOKENS_PER_LINE]
    if not currencies:
        return None
    amounts = [a for a in _amounts(line, currencies) if a.value > 0][:MAX_TOKENS_PER_LINE]
    if not amounts:
        return None
    index = next((i for i, a in enumerate(amounts) if a.currency), None)
    if index is None:
        if not mentions_pay:
            return None
        index = 0
    low, high = _range(line, amounts, index)
    currency = low.currency or high.currency or currencies[0][2]
    minimum, maximum = sorted((low.value, high.value))
    if maximum >= MAX_SALARY:
        return None
    notes: list[str] = []
    period = _period(line, low.start)
    stated = period is not None
    if period is None:
        period = guess_period(maximum, low.multiplied or high.multiplied)
        notes.append(f"salary period not stated; taken as per {period.value} from the amounts")
    if low is high:
        before = fold(_CURRENCY.sub(" ", line[: low.start]))
        if _UPPER_BOUND.search(before):
            notes.append("salary: only an upper bound is stated; used as both minimum and maximum")
        else:
            notes.append("salary: a single amount is stated; used as both minimum and maximum")
    salary = ParsedSalary(
        _tidy(minimum),
        _tidy(maximum),
        currency,
        period,
        line,
        stated,
    )
    return SalaryReading(salary, tuple(notes))


def find_salary(candidates: Iterable[tuple[str, bool]]) -> SalaryReading | None:
    """The pay of a text, from its lines as (line, is a labelled pay line), best line first."""
    best: tuple[int, SalaryReading] | None = None
    for line, pay_line in candidates:
        reading = read_salary(line, pay_line=pay_line)
        if reading is None:
            continue
        score = (
            (4 if pay_line else 0)
            + (2 if _PAY_WORDS.search(fold(line)) else 0)
            + (1 if reading.salary.period_stated else 0)
        )
        if best is None or score > best[0]:
            best = (score, reading)
    return best[1] if best else None
