"""Move each profile's comma-separated skills onto the taxonomy.

Entries that name a skill (by name, slug or synonym, ignoring case) become links to it;
the rest stay in the profile's free-text field, so nothing a user typed is lost.
"""

from django.db import migrations
from django.utils.text import slugify


def _entries(text):
    seen, entries = set(), []
    for entry in text.split(","):
        entry = " ".join(entry.split())
        if entry and entry.lower() not in seen:
            seen.add(entry.lower())
            entries.append(entry)
    return entries


def forwards(apps, schema_editor):
    Skill = apps.get_model("careers", "Skill")
    User = apps.get_model("accounts", "User")
    skills = list(Skill.objects.all())
    lookup = {}
    for skill in skills:
        lookup.setdefault(skill.name.lower(), skill.pk)
        lookup.setdefault(skill.slug, skill.pk)
    for skill in skills:
        for phrase in skill.synonyms.split(","):
            if phrase.strip():
                lookup.setdefault(phrase.strip().lower(), skill.pk)
    Holder = Skill.holders.through
    for user in User.objects.exclude(skills="").only("pk", "skills").iterator():
        matched, unmatched = [], []
        for entry in _entries(user.skills):
            skill_id = lookup.get(entry.lower()) or lookup.get(slugify(entry))
            if skill_id is None:
                unmatched.append(entry)
            elif skill_id not in matched:
                matched.append(skill_id)
        if not matched:
            continue
        Holder.objects.bulk_create(
            [Holder(skill_id=skill_id, user_id=user.pk) for skill_id in matched],
            ignore_conflicts=True,
        )
        User.objects.filter(pk=user.pk).update(skills=", ".join(unmatched))


def backwards(apps, schema_editor):
    Skill = apps.get_model("careers", "Skill")
    User = apps.get_model("accounts", "User")
    names = dict(Skill.objects.values_list("pk", "name"))
    by_user = {}
    for user_id, skill_id in Skill.holders.through.objects.values_list("user_id", "skill_id"):
        by_user.setdefault(user_id, []).append(names[skill_id])
    for user in User.objects.filter(pk__in=by_user).only("pk", "skills"):
        entries = sorted(by_user[user.pk]) + _entries(user.skills)
        User.objects.filter(pk=user.pk).update(skills=", ".join(entries))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("careers", "0002_content_progress_demand"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
