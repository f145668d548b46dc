"""
Full-text search of projects and organisations, the same on SQLite and PostgreSQL.

``words`` reduces texts and searches to the words the index compares; ``index`` stores them
(SQLite FTS5, PostgreSQL ``tsvector``) and lets a queryset filter and order by them.
"""

from projects.search.index import ORGANISATIONS, PROJECTS, Relevance, SearchDocumentField
from projects.search.words import SearchQuery

__all__ = ["ORGANISATIONS", "PROJECTS", "Relevance", "SearchDocumentField", "SearchQuery"]
