"""
Uploaded pictures (logos, highlight pictures, project images), from the form to the page.

- ``validation``: what is accepted (JPEG, PNG and WebP within a size and pixel limit, a
  decompression bomb refused before it is decoded), each refusal with a message an editor
  understands, and the help text that states the same limits.
- ``renditions``: how a picture is stored (under a random name, upright, without its metadata)
  and its smaller WebP copies for ``srcset``, written once.
- ``keeping``: a picture chosen in a form refused for another reason, kept for the next try.
- ``fields``: ``PictureField``, the model field that ties them together.
- ``pruning``: when a replaced or deleted picture leaves the disk, with its copies: once no row and
  no stored revision names it (``manage.py prune_pictures``, from cron).
- ``core/templatetags/pictures.py``: the <img> with its srcset on a page, and the admin's thumbnail.
"""
