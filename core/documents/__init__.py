"""
Documents editors upload (a project's reports, plans, data): PDF and the usual office formats only.

``validation`` checks a file by what it contains, not by its name; ``serving`` hands it to browsers so
that none of them runs what it contains. Files are stored under random names (``RandomName``).
"""
