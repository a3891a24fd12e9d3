"""The vendor registry joins procurement: state only, the table and its rows stay where they are.

talentpool 0013_vendor_moved_to_procurement removes the model from the talent pool's state and renames
the ContentType row; this migration adds the same model to procurement's state with
`db_table = "talentpool_vendor"`, so no table, index, constraint or many-to-many table changes (the
many-to-many tables are named after the model's table: talentpool_vendor_roles/_themes, as before).

Why keep the table name instead of an AlterModelTable rename: the move is then pure bookkeeping: no
DDL, no lock, nothing to undo if a deploy is rolled back, and no interference with the talent-pool
migrations others are adding meanwhile. A later migration can rename the tables with AlterModelTable
(it renames the many-to-many tables too) when it is worth a maintenance window.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_grams_function"),
        ("procurement", "0006_documents"),
        ("talentpool", "0011_follow_up_and_step_reminders"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Vendor",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="名称")),
                        (
                            "kind",
                            models.CharField(
                                choices=[("vendor", "地場ベンダー"), ("civic_tech", "シビックテック")],
                                max_length=12,
                                verbose_name="種別",
                            ),
                        ),
                        ("website", models.URLField(blank=True, verbose_name="ウェブサイト")),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="連絡先メールアドレス"),
                        ),
                        ("phone", models.CharField(blank=True, max_length=30, verbose_name="電話番号")),
                        ("description", models.TextField(blank=True, verbose_name="概要")),
                        (
                            "unified_qualification",
                            models.BooleanField(default=False, verbose_name="全省庁統一資格あり"),
                        ),
                        (
                            "dmp_listed",
                            models.BooleanField(
                                default=False, verbose_name="DMP（デジタルマーケットプレイス）掲載"
                            ),
                        ),
                        ("search_text", models.TextField(default="", editable=False)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "prefecture",
                            models.ForeignKey(
                                limit_choices_to={"kind": "prefecture"},
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="vendors",
                                to="portal.organisation",
                                verbose_name="都道府県",
                            ),
                        ),
                        (
                            "roles",
                            models.ManyToManyField(
                                blank=True,
                                related_name="+",
                                to="talentpool.skillrole",
                                verbose_name="対応できるロール",
                            ),
                        ),
                        (
                            "themes",
                            models.ManyToManyField(
                                blank=True,
                                related_name="+",
                                to="talentpool.supporttheme",
                                verbose_name="対応できるテーマ",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "地場ベンダー・シビックテック",
                        "verbose_name_plural": "地場ベンダー・シビックテック",
                        "db_table": "talentpool_vendor",
                        "ordering": ["prefecture__lg_code", "name"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("prefecture", "name"), name="vendor_name_once_per_prefecture"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
