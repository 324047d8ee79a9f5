"""Listing queries compiled once per process and shape, run fresh on every call.

A cold page view (every content cache off: the first visitor after a publish) spent about
two thirds of its listing queries' time in Django building and compiling SQL, not in the
database: a home page's five section queries and its image query are rebuilt from Q objects,
`only()` lists and orderings, then compiled column by column, on every request, although
their SQL only changes when their inputs do (bench/cold_profile.py shows it).

`planned(key, build)` keeps, per key, what Django compiled for `build()`'s queryset (the SQL,
its parameters and the compiler's description of the columns) and on each call runs that SQL
and builds the model instances the way Django's ModelIterable does, select_related included.
The rows are always read from the database, so nothing here can be stale; the key must name
every input the queryset is built from (the model, filters' values, order, slice, the
restricted paths), so that two different querysets never share a key. Plans are bounded and
registered as a process memory (xianfeng.memory), so tests and a migration forget them.
With QUERY_PLANS_CHECK on (the test settings), every reuse of a plan also builds the queryset
and fails if its SQL or parameters differ from the plan's: a key that misses an input fails
the first test that changes that input.

This leans on Django's compiler attributes (select, klass_info, annotation_col_map), which
Django has kept since 1.11; tests/cms/test_query_plans.py compares every planned listing with
the plain queryset, field by field, so an upgrade that changes them fails there first.
"""

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

from xianfeng import memory

MAX_PLANS = 512

_plans: OrderedDict = memory.remember(OrderedDict(), name="compiled listing queries")


@dataclass(frozen=True)
class QueryPlan:
    query: Any  # the compiled Query (a fresh compiler per run is made from it)
    db: str
    sql: str
    params: tuple
    select: list
    klass_info: dict
    annotation_col_map: dict
    col_count: int
    tuples: bool  # values_list(): rows as tuples, not model instances


def _plan_of(queryset) -> QueryPlan | None:
    db = queryset.db
    compiler = queryset.query.get_compiler(using=db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a filter that matches nothing: run it the plain way
        return None
    if not sql or compiler.has_extra_select or queryset._known_related_objects:
        return None
    if queryset._prefetch_related_lookups or queryset._iterable_class not in (
        ModelIterable,
        ValuesListIterable,
    ):
        return None
    return QueryPlan(
        query=queryset.query,
        db=db,
        sql=sql,
        params=tuple(params),
        select=compiler.select,
        klass_info=compiler.klass_info,
        annotation_col_map=compiler.annotation_col_map or {},
        col_count=compiler.col_count,
        tuples=queryset._iterable_class is ValuesListIterable,
    )


def planned(key: tuple, build) -> list:
    """The model instances of `build()` (a QuerySet of model instances, or of tuples from
    values_list()), with its SQL compiled once per `key`. Querysets a plan cannot describe (prefetches, values(), an
    always-empty filter) are evaluated the plain way each time."""
    plan = _plans.get(key)
    if plan is None:
        queryset = build()
        plan = _plan_of(queryset)
        if plan is None:
            return list(queryset)
        _plans[key] = plan
        while len(_plans) > MAX_PLANS:
            _plans.popitem(last=False)
    elif settings.QUERY_PLANS_CHECK:
        sql, params = build().query.sql_with_params()
        if (sql, tuple(params)) != (plan.sql, plan.params):
            raise AssertionError(f"query plan {key!r} does not name every input of its query")
    return _run(plan)


def _run(plan: QueryPlan) -> list:
    compiler = plan.query.get_compiler(using=plan.db)
    compiler.select = plan.select
    compiler.klass_info = plan.klass_info
    compiler.annotation_col_map = plan.annotation_col_map
    compiler.col_count = plan.col_count
    with compiler.connection.cursor() as cursor:
        cursor.execute(plan.sql, plan.params)
        rows = cursor.fetchall()
    if plan.tuples:
        return list(compiler.results_iter([rows], tuple_expected=True))
    klass_info = plan.klass_info
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [column[0].target.attname for column in plan.select[start:end]]
    populators = get_related_populators(klass_info, plan.select, plan.db)
    objects = []
    for row in compiler.results_iter([rows]):
        obj = model_cls.from_db(plan.db, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in plan.annotation_col_map.items():
            setattr(obj, name, row[position])
        objects.append(obj)
    return objects
