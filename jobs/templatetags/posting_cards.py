"""The posting card every job list shows, built in Python.

A board page shows twenty cards. Through a template each card cost about a third of a
millisecond, most of it the template engine looking up and escaping some twenty values;
format_html escapes the same values with far less around it. The markup is the one the
template made (tests/jobs/test_posting_cards.py pins it).
"""

from django import template
from django.template import Context
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

from core.taxonomy import Level
from jobs.links import PostingPaths
from jobs.models import JobPosting
from jobs.taxonomy import EmploymentType

register = template.Library()

# Constant markup, no input in it.
VERIFIED = mark_safe(' <span class="badge badge-ok" title="Verified company">Verified</span>')  # noqa: S308

CARD = """<li class="posting-card">
  <h3 class="posting-card-title"><a href="{url}">{title}</a></h3>
  <p class="posting-card-company">{company}{verified}</p>
  <ul class="facts" aria-label="Key facts">
    <li>{location}</li>
    <li>{level}{technical}</li>
    <li>{employment_type}</li>
    {salary}
  </ul>
  {skills}
  {posted}
</li>
"""
SALARY = '<li class="salary">{}</li>'
SKILLS = """
    <ul class="tags" aria-label="Skills">
      {}
    </ul>
  """
POSTED = '<p class="muted small">Posted <time datetime="{}">{} ago</time></p>'
# A card's level and type as get_level_display() and get_employment_type_display() name
# them, without the dict of every choice that those build on each call.
LEVELS = dict(Level.choices)
EMPLOYMENT_TYPES = dict(EmploymentType.choices)
# Where a render keeps the cards' PostingPaths, in the context Django keeps for tags' state.
PATHS_KEY = f"{__name__}.paths"


@register.simple_tag(takes_context=True)
def posting_card(context: Context, posting: JobPosting) -> SafeString:
    """A posting as a list item: title, company, key facts, skills and age.

    ``posting`` comes from a list selector, with its company and ``skill_list``. The cards
    of one render of a template share one PostingPaths.
    """
    paths = context.render_context.get(PATHS_KEY)
    if paths is None:
        paths = context.render_context[PATHS_KEY] = PostingPaths()
    company = posting.company
    return format_html(
        CARD,
        url=paths(posting),
        title=posting.title,
        company=company.name,
        verified=VERIFIED if company.verified else "",
        location=posting.location_label,
        level=LEVELS.get(posting.level, posting.level),
        technical=" · Technical" if posting.technical else "",
        employment_type=EMPLOYMENT_TYPES.get(posting.employment_type, posting.employment_type),
        salary=format_html(SALARY, posting.salary_label) if posting.has_salary else "",
        skills=_skills(posting),
        posted=_posted(posting),
    )


def _skills(posting: JobPosting) -> SafeString | str:
    if not posting.skill_list:
        return ""
    # What format_html_join("", "<li>{}</li>", ...) makes, without a format_html per name.
    items = "".join(f"<li>{conditional_escape(skill.name)}</li>" for skill in posting.skill_list)
    return format_html(SKILLS, mark_safe(items))  # noqa: S308 (every name is escaped)


def _posted(posting: JobPosting) -> SafeString | str:
    """When the posting went up: ISO 8601 in the local time zone for machines, an age for people."""
    if not posting.posted_at:
        return ""
    # Django's "c" date format, ISO 8601, is the moment's isoformat().
    moment = timezone.localtime(posting.posted_at).isoformat()
    return format_html(POSTED, moment, timesince(posting.posted_at))
