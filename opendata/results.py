"""
The results of the projects, the office's and CORDIS's, as one list for the exports and the API.

They are two models with different fields (a date or only a year, a document or only a link, texts in
two languages or as CORDIS wrote them), so the list is their two querysets one after the other: the
office's results, then CORDIS's, each by project and in its own order. Each queryset is filtered,
counted and sliced in the database, and yields model instances, which the records read
(``opendata/records.py``) as the project page does: titles in the visitor's language, documents at
their serving address. A UNION of values would have to line the two models up column by column, and
would lose both; Django filters nothing after a UNION either.
"""

from itertools import chain

from django.db.models import F

from projects.models import CordisResult, Result


class ChainedResults:
    """Querysets read as one ordered sequence: all the rows of the first, then those of the next.

    It has what a paginator and a filterset ask of a queryset: ``all()``, ``count()``, slices, iteration,
    ``ordered``, and ``filter()`` applied to each part.
    """

    ordered = True  # each part is ordered, and the parts come in a fixed order
    model = Result  # what a filterset asks for; its filters name fields both models have

    def __init__(self, *querysets):
        self.querysets = querysets

    @classmethod
    def public(cls):
        """The results visitors may see, the office's first: by project, then newest first; CORDIS's by project,
        kind, then newest first."""
        return cls(
            Result.objects.public().select_related("project")
            .order_by("project__acronym", "project_id", F("date").desc(nulls_last=True), "-pk"),
            CordisResult.objects.public().select_related("project")
            .order_by("project__acronym", "project_id", "kind", F("year").desc(nulls_last=True), "title", "pk"),
        )

    def map(self, change):
        """Each part passed through ``change``, a function of a queryset."""
        return type(self)(*(change(queryset) for queryset in self.querysets))

    def all(self):
        return self.map(lambda queryset: queryset.all())

    def filter(self, *args, **kwargs):
        return self.map(lambda queryset: queryset.filter(*args, **kwargs))

    def count(self):
        return sum(queryset.count() for queryset in self.querysets)

    def __getitem__(self, index):
        """A slice (a page) as a list: one query per part it takes rows from, and a count of a part only
        when the slice begins past it."""
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("ChainedResults only takes slices without a step.")
        start, stop = index.start or 0, index.stop
        if start < 0 or (stop is not None and stop < 0):
            raise ValueError("Negative indexing is not supported.")
        rows = []
        for queryset in self.querysets:
            if stop is not None and stop <= 0:
                break
            taken = list(queryset[start:stop])
            rows += taken
            # This part's rows up to the end of the slice, and where the slice begins in the next part.
            if taken:
                seen, start = start + len(taken), 0
            else:
                seen = queryset.count() if start else 0
                start -= seen
            if stop is not None:
                stop -= seen
        return rows

    def __iter__(self):
        return chain.from_iterable(self.querysets)

    def iterator(self, chunk_size):
        """The rows of each part read ``chunk_size`` at a time, as a download needs: never all in memory."""
        return chain.from_iterable(queryset.iterator(chunk_size=chunk_size) for queryset in self.querysets)
