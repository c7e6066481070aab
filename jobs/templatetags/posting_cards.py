"""The posting card every job list shows, built in Python.

A board page shows twenty cards. Through a template each card cost about a third of a
millisecond, most of it the template engine looking up and escaping some twenty values;
format_html escapes the same values with far less around it. The markup is the one the
template made (tests/jobs/test_posting_cards.py pins it).
"""

from django import template
from django.template import Context
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

from jobs.links import PostingPaths
from jobs.models import JobPosting

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
        level=posting.get_level_display(),
        technical=" · Technical" if posting.technical else "",
        employment_type=posting.get_employment_type_display(),
        salary=format_html(SALARY, posting.salary_label) if posting.has_salary else "",
        skills=_skills(posting),
        posted=_posted(posting),
    )


def _skills(posting: JobPosting) -> SafeString | str:
    if not posting.skill_list:
        return ""
    names = ((skill.name,) for skill in posting.skill_list)
    return format_html(SKILLS, format_html_join("", "<li>{}</li>", names))


def _posted(posting: JobPosting) -> SafeString | str:
    """When the posting went up: ISO 8601 in the local time zone for machines, an age for people."""
    if not posting.posted_at:
        return ""
    moment = dateformat.format(timezone.localtime(posting.posted_at), "c")
    return format_html(POSTED, moment, timesince(posting.posted_at))
