"""The starting skill taxonomy: the skills employers ask product managers for."""

from django.utils.text import slugify

from careers.models import Skill, SkillCategory

BUSINESS, TECHNICAL = SkillCategory.BUSINESS, SkillCategory.TECHNICAL

# (name, category, synonyms used to spot the skill in free text)
SKILLS = [
    ("Communication", BUSINESS, "written communication, verbal communication, storytelling"),
    ("Stakeholder management", BUSINESS, "stakeholders, cross-functional alignment"),
    ("Negotiation", BUSINESS, "negotiating, trade-offs"),
    ("Leadership", BUSINESS, "influence without authority, leading teams"),
    ("Project management", BUSINESS, "coordination, dependencies, delivery management"),
    ("Strategic thinking", BUSINESS, "product strategy, vision, segmentation, forecasting"),
    ("Prioritization", BUSINESS, "prioritisation, backlog management, RICE"),
    ("Roadmapping", BUSINESS, "roadmap, product roadmap"),
    ("Go-to-market", BUSINESS, "GTM, launch, product marketing, pricing strategy"),
    ("User research", BUSINESS, "customer interviews, usability testing, discovery"),
    ("Analytical thinking", BUSINESS, "analytics, data-driven, analytical skills"),
    ("Product metrics", BUSINESS, "KPIs, OKRs, retention, engagement, business intelligence"),
    ("Problem solving", BUSINESS, "problem-solving, root cause analysis"),
    ("UX and product design", BUSINESS, "UX, user experience, design thinking, wireframes"),
    ("Agile delivery", BUSINESS, "agile, scrum, kanban, sprint planning"),
    ("Data analysis", TECHNICAL, "data extraction, data analysis, Excel, spreadsheets"),
    ("SQL", TECHNICAL, "sql queries, postgres, bigquery"),
    ("A/B testing", TECHNICAL, "experimentation, split testing, experiments"),
    ("Coding basics", TECHNICAL, "python, javascript, programming"),
    ("Market research", TECHNICAL, "market analysis, competitive analysis, market sizing"),
    ("Prototyping", TECHNICAL, "figma, prototypes, mock-ups"),
    ("APIs and integrations", TECHNICAL, "API, REST, integrations, platform"),
    ("Machine learning products", TECHNICAL, "ML, AI, machine learning, LLM"),
    ("Technical writing", TECHNICAL, "specifications, PRDs, requirements documents"),
]


def seed_skills() -> list[Skill]:
    """Create the taxonomy's starting skills once; admins edit them afterwards."""
    skills = []
    for name, category, synonyms in SKILLS:
        skill, _ = Skill.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "category": category, "synonyms": synonyms}
        )
        skills.append(skill)
    return skills
