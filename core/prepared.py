"""Reads whose SQL is compiled once per process: the fixed-shape queries of every
request (the session, the user, their roles) and of the case page.

Django compiles a queryset to SQL each time it runs it. For a query that reads a few
rows by an index, compiling costs more than running: about 0.35 ms of Python against
0.25 ms in PostgreSQL for a case's notes. The case page runs a dozen such reads,
always the same queries with other values (issue 17: the page's time at most three
times its SQL).

``@prepared`` turns a function that builds a queryset from its arguments into one that
returns the rows as a list::

    @prepared
    def notes_of(case_id):
        return Note.objects.filter(case_id=case_id).select_related("author")

    notes = notes_of(case.pk)  # a list of Note, each with its author

On the first call the function is called once with stand-in values, the queryset is
compiled, and the place of each argument among the SQL parameters is recorded. Every
call after that runs the same SQL with the call's own values, through Django's own
iterable (so rows, ``select_related`` objects, converters such as decryption, and
``prefetch_related`` are as the ORM makes them); only the compiling is skipped.

The rule that makes this safe: the function's arguments may only be *values* in the
query (integers, strings, moments, dates, and lists of integers passed as one array),
never decide its shape. A function that uses an argument in an ``if``, or in a way
that leaves it out of the parameters, is refused on its first call (``ShapeError``).
With ``CHECK`` on (the test suite turns it on) every call also builds and compiles
the query afresh and fails when the SQL or its parameters differ from what was
replayed, so the whole suite checks every prepared read.

Who may see what is never a separate, hand-written query here. A prepared read
either takes ids the view has already checked (a case's rows, by the id of the case
the user may see), or builds its query from the rule itself: the case page's case
(``cases.selectors.page_case``) is ``Case.objects.visible_to_viewer``, prepared once
per capacity (advisor, ambassador, or both) and given the viewer's own organisation
and id on every request. ``tests/cases/test_case_page.py`` has each kind of viewer
ask for the same case in turn, and the role-by-URL matrix runs with ``CHECK`` on.
"""

import datetime
import functools

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query

# Every call also compiles the query afresh and compares (tests/conftest.py sets it).
CHECK = False


class ShapeError(TypeError):
    """The function's arguments change the query's shape, not only its values."""


def _stand_in(position: int, value):
    """A value for argument ``position`` that no real query contains, of the type the
    query expects: an integer in range for a 32-bit column, a moment or a date long
    past, a string no key has."""
    if isinstance(value, bool):
        pass
    elif isinstance(value, int):
        return -2_147_480_000 - position
    elif isinstance(value, datetime.datetime):
        return datetime.datetime(1901, 1, 1 + position, tzinfo=datetime.UTC)
    elif isinstance(value, datetime.date):
        return datetime.date(1901, 1, 1 + position)
    elif isinstance(value, str):
        return f"core.prepared stand-in {position}"
    elif isinstance(value, list) and all(type(v) is int for v in value):
        # One array parameter (``= ANY(%s)``); ``__in`` writes one per item and is
        # refused below: its number of parameters is the query's shape.
        return [-2_147_480_000 - position]
    raise ShapeError(
        f"argument {position} is {type(value).__name__}: a prepared read takes "
        "integers, strings, moments, dates and lists of integers (as one array)"
    )


def _slot(param, stand_ins: tuple) -> tuple:
    """("arg", position) if ``param`` is the stand-in of an argument (a list by
    identity: the one object passed), else ("value", param)."""
    for position, stand_in in enumerate(stand_ins):
        if param is stand_in or (
            type(param) is type(stand_in)
            and not isinstance(param, list)
            and param == stand_in
        ):
            return ("arg", position)
    return ("value", param)


class _Compiled:
    """The SQL of one query shape, the parameter slots of its arguments, and the
    compiler state Django's iterables read after ``as_sql``."""

    def __init__(self, queryset, stand_ins: tuple):
        compiler = queryset.query.chain().get_compiler(using=queryset.db)
        self.sql, params = compiler.as_sql()
        # Each parameter: ("arg", position) for an argument, ("value", v) otherwise.
        self.slots = [_slot(p, stand_ins) for p in params]
        unused = set(range(len(stand_ins))) - {
            position for kind, position in self.slots if kind == "arg"
        }
        if unused:
            raise ShapeError(
                f"argument(s) {sorted(unused)} are not values in the query: "
                "they decide its shape, so it cannot be prepared"
            )
        self.state = (
            compiler.select,
            compiler.klass_info,
            compiler.annotation_col_map,
            compiler.col_count,
            compiler.has_extra_select,
        )

    def params(self, args: tuple) -> tuple:
        return tuple(args[v] if kind == "arg" else v for kind, v in self.slots)


class _ReplayQuery(Query):
    """A query whose compiler returns the prepared SQL instead of compiling."""

    compiled: _Compiled
    replay_params: tuple

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = super().get_compiler(using, connection, elide_empty)
        compiled, params = self.compiled, self.replay_params

        def as_sql(with_limits=True, with_col_aliases=False):
            (
                compiler.select,
                compiler.klass_info,
                compiler.annotation_col_map,
                compiler.col_count,
                compiler.has_extra_select,
            ) = compiled.state
            return compiled.sql, params

        compiler.as_sql = as_sql
        return compiler


def prepared(build):
    """Decorate ``build(*args) -> QuerySet``: calls return ``list(build(*args))``,
    compiled once per process (see the module's docstring)."""
    shape = []  # [(template queryset, _Compiled)] once compiled

    @functools.wraps(build)
    def read(*args) -> list:
        if not shape:
            stand_ins = tuple(_stand_in(i, a) for i, a in enumerate(args))
            template = build(*stand_ins)
            compiled = _Compiled(template, stand_ins)
            template.query.__class__ = _ReplayQuery
            template.query.compiled = compiled
            shape.append((template, compiled))
        template, compiled = shape[0]
        queryset = template._chain()
        queryset.query.replay_params = compiled.params(args)
        if CHECK:
            _check(build, args, compiled, queryset.query.replay_params)
        return list(queryset)

    read.build = build
    return read


def _check(build, args, compiled, params) -> None:
    fresh = build(*args)
    sql, fresh_params = fresh.query.get_compiler(using=fresh.db).as_sql()
    if sql != compiled.sql or tuple(fresh_params) != tuple(params):
        raise AssertionError(
            f"{build.__module__}.{build.__qualname__} is not a fixed-shape query: "
            f"replayed {compiled.sql!r} {params!r}, built {sql!r} {fresh_params!r}"
        )


def pk_in_array(model, ids: list[int]) -> RawSQL:
    """A filter: the row's primary key is one of ``ids``, sent as one array
    parameter (``pk__in`` sends one parameter per id, so its SQL differs with their
    number and cannot be prepared)."""
    column = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    return RawSQL(  # noqa: S611 - the model's own table and column; ids are a parameter
        f"{column} = ANY(%s)", (ids,), output_field=BooleanField()
    )
