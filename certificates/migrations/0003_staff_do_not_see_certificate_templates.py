"""Partnership staff no longer see certificate templates, which only editors use (the grant was removed from
certificates/apps.py; roles.ensure_roles only adds permissions, so existing groups lose it here)."""
from django.db import migrations


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="certificates", codename="view_certificatetemplate"
    ).first()
    group = Group.objects.filter(name="Partnership staff").first()
    if permission is not None and group is not None:
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_certificate_settings_signatory"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
