"""Joins the page tree version (experience) and the SCORM lesson block merge (main)."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_merge_20261202_0547"),
        ("courses", "0004_page_tree_version"),
    ]

    operations = []
