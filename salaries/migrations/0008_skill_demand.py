"""Skill demand per day, kept beside the demand table so the insights' top skills need no
join of every posting's skills.

On PostgreSQL, statement triggers count each pair of a demand row and one of its posting's
skills exactly once, whichever of the two arrives second (the skill added to a live posting,
or a posting with skills going live), and take it away when the first of them goes: a bulk
load adds one grouped upsert per statement, not a write per skill. The rows are upserted in
key order, so two writers lock them in the same order. Demand rows are deleted and inserted
again when their posting changes, never updated in their day. The selection repeats
salaries.aggregation's skill_demand_sql (tests/salaries/test_postgresql.py checks that both
agree). Elsewhere each refresh rebuilds the table.
"""

from django.db import migrations, models

DAY = "(d.posted_at AT TIME ZONE 'UTC')::date"

# Pairs of demand rows and posting skills to count, as skill, day, postings.
PAIRS = f"""
  SELECT l.skill_id, {DAY} AS day, count(*) AS postings
  FROM {{links}} l JOIN {{demand}} d ON d.posting_id = l.jobposting_id
  GROUP BY 1, 2
"""

ADD = """
  INSERT INTO salaries_skilldemand AS s (skill_id, day, postings)
  {pairs} ORDER BY 1, 2
  ON CONFLICT (skill_id, day) DO UPDATE SET postings = s.postings + EXCLUDED.postings
"""

TAKE = """
  UPDATE salaries_skilldemand s SET postings = s.postings - g.postings
  FROM ({pairs} ORDER BY 1, 2) g WHERE s.skill_id = g.skill_id AND s.day = g.day
"""


def trigger(name: str, table: str, event: str, transition: str, body: str) -> str:
    return f"""
CREATE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
  {body};
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER {name}
  AFTER {event} ON {table} REFERENCING {transition}
  FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


TRIGGERS = [
    ("salaries_skill_links_added", "jobs_jobposting_skills", "INSERT", "NEW TABLE AS changed",
     ADD.format(pairs=PAIRS.format(links="changed", demand="salaries_demandposting"))),
    ("salaries_skill_links_removed", "jobs_jobposting_skills", "DELETE", "OLD TABLE AS changed",
     TAKE.format(pairs=PAIRS.format(links="changed", demand="salaries_demandposting"))),
    ("salaries_demand_added", "salaries_demandposting", "INSERT", "NEW TABLE AS changed",
     ADD.format(pairs=PAIRS.format(links="jobs_jobposting_skills", demand="changed"))),
    ("salaries_demand_removed", "salaries_demandposting", "DELETE", "OLD TABLE AS changed",
     TAKE.format(pairs=PAIRS.format(links="jobs_jobposting_skills", demand="changed"))),
]  # fmt: skip

FORWARD_SQL = "".join(trigger(*spec) for spec in TRIGGERS) + (
    "INSERT INTO salaries_skilldemand (skill_id, day, postings)"
    + PAIRS.format(links="jobs_jobposting_skills", demand="salaries_demandposting")
)

BACKWARD_SQL = "".join(
    f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
    for name, table, *_ in TRIGGERS
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD_SQL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0005_guidance_and_unstated_facts"),
        ("salaries", "0007_reference_provenance"),
    ]

    operations = [
        migrations.CreateModel(
            name="SkillDemand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("postings", models.IntegerField()),
                (
                    "skill",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="+",
                        to="careers.skill",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("skill", "day"), name="salaries_skill_demand_day"
                    )
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
