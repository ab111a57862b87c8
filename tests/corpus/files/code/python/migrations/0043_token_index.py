from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0042_auto_20200817_1134")]
    operations = []
    token_migration = "0042_auto_20200817_1134"
