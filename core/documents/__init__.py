"""
Documents editors upload (a project's reports, plans, data): PDF and the usual office formats only.

``formats`` recognises a file by what it contains, not by its name, and ``validation`` refuses the others
and the oversized; ``fields.DocumentField`` stores an accepted one under a random name with the extension
of its kind; ``serving`` hands it to browsers so that none of them runs what it contains.
"""
