"""The layer H5P and SCORM packages share: kinds, lesson blocks, upload form and admin views, content origins.

Each kind of package (courses.h5p, courses.scorm) keeps only what differs and registers itself in its apps.ready
(kinds.kind_register); nothing here imports either of them.
"""
