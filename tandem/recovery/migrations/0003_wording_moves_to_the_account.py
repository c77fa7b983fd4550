"""One wording preference per person: the account's `secular_wording`, from the two it replaces
(recovery's `higher_power` and the fellowship's `secular_language`; secular if either said so)."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    RecoveryProfile = apps.get_model("recovery", "RecoveryProfile")
    FellowshipPrefs = apps.get_model("fellowship", "FellowshipPrefs")
    secular = set(RecoveryProfile.objects.filter(higher_power=False).values_list("owner_id", flat=True))
    secular |= set(FellowshipPrefs.objects.filter(secular_language=True).values_list("owner_id", flat=True))
    User.objects.filter(pk__in=secular).update(secular_wording=True)


def backwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    RecoveryProfile = apps.get_model("recovery", "RecoveryProfile")
    FellowshipPrefs = apps.get_model("fellowship", "FellowshipPrefs")
    secular = list(User.objects.filter(secular_wording=True).values_list("pk", flat=True))
    RecoveryProfile.objects.filter(owner_id__in=secular).update(higher_power=False)
    FellowshipPrefs.objects.filter(owner_id__in=secular).update(secular_language=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_secular_wording"),
        ("fellowship", "0001_initial"),
        ("recovery", "0002_profile_stamp"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
