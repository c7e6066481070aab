"""The career guides, ladder, certifications, resources and FAQ that seed_demo loads.

Figures that come from an outside publisher carry that attribution in a ``source`` field;
everything else is pmportal's own editorial guidance.
"""

from typing import Any

from .models import CertificationFormat, CertificationLevel, ResourceKind

PUBLISHER_ESTIMATE = "Estimate from a published guide to becoming a product manager"
EDITORIAL = ""

# --- Paths and their steps ------------------------------------------------------
# Each step: (slug, title, summary, body, typical duration, skill slugs,
#             certification slugs, resource titles, checklist)
PATHS: list[dict[str, Any]] = [
    {
        "slug": "from-product-work",
        "title": "From inside product work",
        "audience": "You already work near a product team: analyst, designer, marketer, support.",
        "summary": (
            "You know how products get built because you help build them. This path turns "
            "that experience into a PM role in six steps, from filling knowledge gaps to an "
            "internal move or a new job."
        ),
        "body": (
            "Working beside a product team is the most common way into product management. "
            "You have seen trade-offs being made, you know the users, and you know the people "
            "who make the calls. What you need is to make the PM half of the job deliberate: "
            "learn the vocabulary, close the gaps employers care about, and show evidence.\n\n"
            "Take the steps in order, but expect to overlap them: networking, for example, "
            "pays off most when it starts early."
        ),
        "typical_duration": "Around six years of professional experience before a first PM role",
        "duration_source": PUBLISHER_ESTIMATE,
        "steps": [
            (
                "knowledge-building",
                "Build your product knowledge",
                "Learn how products move from idea to launch to retirement, and what a PM does "
                "at each stage.",
                "Start with the fundamentals before you spend money on a course. A PM's week is "
                "made of a handful of recurring jobs: understanding what users need, gathering "
                "input from stakeholders, setting a vision, writing specifications, building "
                "and defending a roadmap, prioritizing, working with design and engineering, "
                "and measuring what shipped.\n\n"
                "### How to learn it\n\n"
                "- **Read two or three classic books** (see the resources below) and take notes "
                "on what you would do differently in your own team.\n"
                "- **Watch talks and product teardowns**: they show how experienced PMs reason "
                "out loud.\n"
                "- **Map the product lifecycle of something you work on**: where is it, what "
                "decision is due next, who makes it?\n\n"
                "Aim for understanding, not certificates, at this stage.",
                "4-8 weeks",
                ["strategic-thinking", "roadmapping", "prioritization"],
                [],
                ["Inspired", "Escaping the Build Trap", "The Art of Product Management"],
                [
                    "Read one PM book end to end and write a one-page summary",
                    "Sketch the lifecycle stage of a product you work on",
                    "List the PM decisions you saw made in your team last month",
                ],
            ),
            (
                "skill-gap-analysis",
                "Find your skill gaps",
                "Compare what you can do today with what PM job adverts ask for, and let the "
                "gaps decide what you learn next.",
                "Employers say what they want in their job adverts. Put your own skills next to "
                "the skills that show up most often and the gaps become obvious.\n\n"
                "Use the [skill-gap check](/careers/skill-gap/): tick what you can already do "
                "and it ranks the missing skills by how many live postings on pmportal ask for "
                "them, with the certifications and resources that cover each.\n\n"
                'Be honest: "I have run a survey once" is not user research. A skill counts '
                "when you could talk for five minutes about a time you used it.",
                "1 week",
                ["analytical-thinking", "problem-solving"],
                [],
                [],
                [
                    "Run the skill-gap check against your target level",
                    "Pick the three gaps with the highest demand",
                    "For each gap, write down one way to practise it at work",
                ],
            ),
            (
                "certification",
                "Take a structured course or certification",
                "Close the biggest gaps with a project-based course from a credible institution.",
                "A good certification gives you structure, a project to show, and a network of "
                "classmates. A poor one gives you a badge. Choose by:\n\n"
                "1. **The gaps it covers**: match its syllabus to your skill-gap results.\n"
                "2. **Time**: can you finish it alongside your job?\n"
                "3. **Budget**: compare the cost with what your employer might fund.\n"
                "4. **Credibility**: who runs it, and do hiring managers recognise it?\n"
                "5. **Alumni feedback**: ask two people who finished it what changed for them.",
                "2-6 months",
                ["agile-delivery", "strategic-thinking", "go-to-market"],
                ["cpoa", "pg-certificate-product-management-iim-indore", "cpm-aipmm"],
                [],
                [
                    "Shortlist two courses that cover your top gaps",
                    "Ask your manager whether a training budget can pay for one",
                    "Talk to one alumnus of each course",
                ],
            ),
            (
                "portfolio",
                "Build a portfolio of case studies",
                "A small site with two or three case studies of products you worked on.",
                "A portfolio shows how you think, which a CV cannot. Keep it simple: one page "
                "per case study, written for a busy hiring manager.\n\n"
                "For each case study cover the problem and who had it, what you found out, the "
                "options you weighed, what shipped, and what happened next, with numbers where "
                "you have them. Say plainly which parts were yours.\n\n"
                "Course projects count, as long as you say they were course projects.",
                "3-6 weeks",
                ["communication", "technical-writing", "product-metrics"],
                [],
                ["Build Better Products", "The User's Journey"],
                [
                    "Pick two products or features you influenced",
                    "Write the first case study: problem, evidence, decision, result",
                    "Publish the portfolio and add its link to your pmportal profile",
                ],
            ),
            (
                "networking",
                "Grow your network",
                "Colleagues, online communities, meet-ups and webinars: start small and early.",
                "Most PM hires start with a conversation. You do not need a big network, you "
                "need a few people who know what you are aiming for.\n\n"
                "- **Inside your company**: ask a PM for thirty minutes about how they decide "
                "what to build.\n"
                "- **Online communities**: answer questions as well as asking them.\n"
                "- **Meet-ups and webinars**: go regularly to one rather than once to many.\n\n"
                "Start before you need it; a network built while job hunting feels transactional.",
                "Ongoing",
                ["communication", "stakeholder-management"],
                [],
                ["Mind the Product", "Silicon Valley Product Group", "The Product Folks"],
                [
                    "Book a coffee with a PM in your company",
                    "Join one product community and introduce yourself",
                    "Attend one meet-up or webinar this month",
                ],
            ),
            (
                "applying",
                "Apply for roles or an internal transfer",
                "Tailor your CV to PM roles, apply on job boards, and watch for a move inside "
                "your own company.",
                "Your first PM role is most likely to come from where you already work: you "
                "know the product and people know you. Tell your manager and the head of "
                "product that this is your goal, and ask what would make you a candidate.\n\n"
                "For outside roles, rewrite your CV around outcomes and decisions rather than "
                "tasks, and read each advert's skills against your own (the skill-gap check "
                "can compare you with one posting). Associate and entry-level roles are the "
                "realistic target for a first move.",
                "1-3 months",
                ["communication", "negotiation"],
                [],
                [],
                [
                    "Tell your manager you are aiming for a PM role",
                    "Rewrite your CV around three product outcomes",
                    "Apply to five associate or entry-level PM roles",
                ],
            ),
        ],
    },
    {
        "slug": "switching-careers",
        "title": "Switching careers",
        "audience": "You have no product experience yet and come from another field.",
        "summary": (
            "Build soft skills in an adjacent role, learn the technical side of product work "
            "in a course or bootcamp, then combine your past experience with course projects."
        ),
        "body": (
            "Career switchers bring something product teams need: knowledge of a domain, of "
            "customers, or of how a business runs. The route is longer than from inside "
            "product work, because you need proof you can do the job before anyone hires you "
            "to do it.\n\n"
            "A bootcamp is faster than going back for a degree. Junior PM roles exist for "
            "people with about two years of relevant experience, so an adjacent role is often "
            "the first stop."
        ),
        "typical_duration": "Junior PM roles open up at about two years of relevant experience",
        "duration_source": PUBLISHER_ESTIMATE,
        "steps": [
            (
                "adjacent-role",
                "Work in an adjacent role",
                "Design, project management, analysis or customer success: build the soft "
                "skills PMs rely on.",
                "Adjacent roles let you practise the human half of product management while "
                "being paid: coordinating people, presenting, listening to customers, and "
                "negotiating scope.\n\n"
                "Pick a role that sits close to a product team, so you see how decisions are "
                "made and can volunteer for product work when a chance comes.",
                "1-2 years",
                ["communication", "project-management", "stakeholder-management", "leadership"],
                [],
                [],
                [
                    "List roles near product teams that fit your background",
                    "Volunteer for one cross-team project this quarter",
                    "Ask for feedback on how you present to stakeholders",
                ],
            ),
            (
                "course-or-bootcamp",
                "Learn the technical side in a course or bootcamp",
                "Customer research interviews and testing, pricing and revenue modelling, "
                "prioritization and metrics.",
                "A good course teaches the craft you cannot pick up by watching: running "
                "customer interviews and usability tests, modelling pricing and revenue, "
                "choosing metrics, and prioritizing with evidence.\n\n"
                "Prefer courses built around projects you can keep. Check the "
                "[certifications list](/careers/certifications/) for structured options.",
                "3-6 months",
                ["user-research", "go-to-market", "product-metrics", "prioritization"],
                ["pg-certificate-product-management-iim-indore", "cpm-aipmm"],
                ["Hooked", "Build Better Products"],
                [
                    "Choose a course with at least one real project",
                    "Run five customer interviews as practice",
                    "Build a simple pricing model for a product you use",
                ],
            ),
            (
                "combine-experience",
                "Combine your experience with course projects",
                "Turn your past field into an advantage: case studies that mix domain knowledge "
                "and product method.",
                "Your previous career is your edge. A nurse who understands clinical workflows "
                "or an accountant who knows month-end pain is valuable to a product team in "
                "that space.\n\n"
                "Write case studies that join the two: a problem from your field, approached "
                "with what you learned. Aim applications at companies that serve your old "
                "industry first.",
                "1-2 months",
                ["communication", "market-research", "problem-solving"],
                [],
                ["The Practitioner's Guide to Product Management"],
                [
                    "Write one case study that uses your previous field",
                    "List ten companies building for your old industry",
                    "Reach out to a PM at two of them",
                ],
            ),
            (
                "first-pm-role",
                "Apply for associate and junior roles",
                "Associate PM programmes and junior roles are built for people at your stage.",
                "Target associate and junior positions, and product roles in companies that "
                "value your domain. Expect interviews to test how you reason through a product "
                "problem more than what you know.\n\n"
                "Compare yourself with individual postings in the skill-gap check before "
                "applying, and say in your cover note how you are closing any gap.",
                "1-3 months",
                ["communication", "problem-solving"],
                [],
                [],
                [
                    "Practise two product-sense interview questions out loud",
                    "Check three postings against your skills",
                    "Apply to five associate or junior roles",
                ],
            ),
        ],
    },
    {
        "slug": "engineering-to-product",
        "title": "From engineering into product",
        "audience": "You are a software engineer curious about deciding what gets built.",
        "summary": (
            "Nine small steps that use your position inside a product team: work with PMs, "
            "lead, persuade, go cross-functional, learn the craft, then move across."
        ),
        "body": (
            "Engineers already sit in product teams, understand what is feasible, and earn "
            "trust with the people who build. The move is about shifting from how to build "
            "something to whether and why to build it.\n\n"
            "Each step is small enough to start this month, and most of them make you a "
            "better engineer too if you decide to stay."
        ),
        "typical_duration": "",
        "duration_source": "",
        "steps": [
            (
                "find-your-pms",
                "Find the PMs where you work",
                "Learn who the product managers are and what they are working on.",
                "Start with people, not courses. Find out who owns the products you work on, "
                "what they are trying to achieve this quarter, and how they decide.",
                "1 week",
                ["communication"],
                [],
                [],
                ["Ask your team lead who the PMs are", "Read your PM's current roadmap"],
            ),
            (
                "work-with-pms",
                "Work with them",
                "Join discovery sessions, planning and reviews; offer the engineering view early.",
                "Ask to sit in on customer calls, discovery and planning. Bring feasibility "
                "and effort estimates early, when they still change the plan, and ask why a "
                "feature matters as often as how it should work.",
                "1-3 months",
                ["user-research", "prioritization"],
                [],
                [],
                [
                    "Join one customer call",
                    "Attend a planning session and take notes on trade-offs",
                ],
            ),
            (
                "lead-in-your-team",
                "Take a lead role in your team",
                "Lead a feature or an initiative end to end, including the parts that are not "
                "code.",
                "Volunteer to lead a feature: scope it, coordinate with design and QA, and "
                "report progress to stakeholders. This is the closest thing to product work "
                "inside an engineering job.",
                "3-6 months",
                ["leadership", "project-management"],
                [],
                [],
                ["Volunteer to lead the next feature", "Write its one-page brief yourself"],
            ),
            (
                "persuade-not-dictate",
                "Show you persuade rather than dictate",
                "PMs lead without authority: win people over with evidence and clear reasoning.",
                "A PM rarely manages the people who build the product. Practise getting "
                "agreement through data, user evidence and a clear story, and show you change "
                "your mind when the evidence says so.",
                "Ongoing",
                ["communication", "negotiation", "stakeholder-management"],
                [],
                [],
                ["Write a proposal backed by user evidence", "Ask a colleague how you came across"],
            ),
            (
                "cross-functional-work",
                "Take on cross-functional work",
                "Work with sales, marketing, support or design on something that crosses teams.",
                "Cross-team work shows you can balance competing needs. Join a launch, help "
                "support with a recurring issue, or pair with marketing on a release note.",
                "1-3 months",
                ["go-to-market", "stakeholder-management"],
                [],
                [],
                ["Help with one launch outside engineering", "Spend a day with the support team"],
            ),
            (
                "pm-courses",
                "Take PM courses",
                "Fill the gaps engineering does not teach: research, strategy, pricing, metrics.",
                "Engineers usually need the business half: market research, positioning, "
                "pricing and metrics. Run the skill-gap check, then choose a course for the "
                "top gaps.",
                "2-4 months",
                ["market-research", "strategic-thinking", "product-metrics"],
                ["safe-popm", "acpma"],
                ["Agile Product Management with Scrum", "Product Leadership"],
                ["Run the skill-gap check", "Enrol in a course for your top gap"],
            ),
            (
                "pm-resume",
                "Write a PM résumé",
                "Rewrite your CV around product outcomes, decisions and influence.",
                'Lead with outcomes ("cut onboarding time by a third") rather than '
                "technologies. Show the features you led, the people you aligned and the "
                "decisions you shaped.",
                "1-2 weeks",
                ["communication", "technical-writing"],
                [],
                [],
                ["List three outcomes you influenced", "Rewrite your CV summary for PM roles"],
            ),
            (
                "apply",
                "Apply",
                "Technical PM roles are a natural first target for engineers.",
                "Technical product manager roles value your background directly. Filter the "
                "job board for technical roles and compare yourself with each posting before "
                "you apply.",
                "1-3 months",
                ["apis-and-integrations", "communication"],
                [],
                [],
                ["Save a search for technical PM roles", "Apply to three roles"],
            ),
            (
                "internal-transfer",
                "Take an internal transfer when one opens",
                "A move inside your company is the most common way across: be ready when it comes.",
                "Tell your manager and the product leadership that you want to move. When a "
                "role opens, you will be the known, low-risk candidate, and you keep the "
                "context you have built.",
                "When a role opens",
                ["negotiation"],
                [],
                [],
                ["Tell product leadership you want to move", "Agree a plan with your manager"],
            ),
        ],
    },
]

# --- The ladder ----------------------------------------------------------------
# (level code, title, owns, competencies, years from, years to, years source, skill slugs)
LADDER = [
    (
        "entry",
        "Associate Product Manager",
        "A well-defined feature or a slice of a product, under a senior PM's guidance.",
        "- Writes clear specifications and acceptance criteria\n"
        "- Runs user interviews and usability tests with support\n"
        "- Keeps the team's backlog ordered and tidy",
        0,
        2,
        EDITORIAL,
        ["technical-writing", "user-research", "agile-delivery"],
    ),
    (
        "mid",
        "Product Manager",
        "A product area end to end: discovery, roadmap, delivery and results.",
        "- Sets goals and measures them\n"
        "- Prioritizes with evidence and says no\n"
        "- Aligns design, engineering and stakeholders",
        3,
        7,
        "Experience band from a published technical PM salary guide",
        ["prioritization", "roadmapping", "product-metrics", "stakeholder-management"],
    ),
    (
        "senior",
        "Senior Product Manager",
        "A larger or riskier product area, often with several teams, and coaching junior PMs.",
        "- Shapes strategy for their area, not only the roadmap\n"
        "- Handles ambiguous, cross-team problems\n"
        "- Mentors associates and PMs",
        5,
        None,
        EDITORIAL,
        ["strategic-thinking", "leadership", "ab-testing"],
    ),
    (
        "lead",
        "Lead / Principal / Group PM",
        "A group of products or the hardest problem in the company; may manage PMs.",
        "- Sets direction across several teams\n"
        "- Raises the quality of product work around them\n"
        "- Represents product in company planning",
        8,
        None,
        EDITORIAL,
        ["strategic-thinking", "leadership", "negotiation"],
    ),
    (
        "director",
        "Director of Product",
        "A product line and the PMs who work on it: hiring, growth and results.",
        "- Builds and develops a team of PMs\n"
        "- Owns a line's strategy and its commercial results\n"
        "- Works with other directors on company goals",
        10,
        None,
        EDITORIAL,
        ["leadership", "strategic-thinking", "go-to-market"],
    ),
    (
        "vp",
        "VP of Product",
        "The whole product organisation or a major part of it.",
        "- Sets product strategy with the executive team\n"
        "- Designs how the product organisation works\n"
        "- Is accountable for product outcomes to the board",
        12,
        None,
        EDITORIAL,
        ["leadership", "strategic-thinking"],
    ),
    (
        "executive",
        "Chief Product Officer",
        "Product for the whole company, as a member of the executive team.",
        "- Shapes company strategy through product\n"
        "- Builds the product leadership team\n"
        "- Balances vision, revenue and risk",
        15,
        None,
        EDITORIAL,
        ["leadership", "strategic-thinking", "negotiation"],
    ),
]

# --- Certifications ----------------------------------------------------------------
CERTIFICATIONS: list[dict[str, Any]] = [
    {
        "slug": "cpm-aipmm",
        "name": "Certified Product Manager (CPM)",
        "provider": "AIPMM",
        "url": "https://aipmm.com/",
        "description": (
            "An exam-based certification covering the product lifecycle: lifecycle "
            "modelling, market planning, competitor research and writing specifications."
        ),
        "format": "",
        "duration_weeks": None,
        "level": CertificationLevel.PRACTITIONER,
        "skills": ["strategic-thinking", "market-research", "technical-writing", "go-to-market"],
        "is_featured": False,
        "order": 30,
    },
    {
        "slug": "cpoa",
        "name": "Certificate in Product Ownership Analysis (CPOA)",
        "provider": "IIBA",
        "url": "https://www.iiba.org/",
        "description": (
            "Joins business analysis, product ownership and Agile practice. Online, over "
            "about ten weeks."
        ),
        "format": CertificationFormat.ONLINE,
        "duration_weeks": 10,
        "level": CertificationLevel.PRACTITIONER,
        "skills": ["agile-delivery", "analytical-thinking", "prioritization"],
        "is_featured": True,
        "order": 20,
    },
    {
        "slug": "acpma",
        "name": "Agile Certified Product Manager (ACPMA)",
        "provider": "",
        "url": "",
        "description": "Managing a product from end to end with Agile methods.",
        "format": "",
        "duration_weeks": None,
        "level": CertificationLevel.PRACTITIONER,
        "skills": ["agile-delivery", "roadmapping", "project-management"],
        "is_featured": False,
        "order": 50,
    },
    {
        "slug": "pg-certificate-product-management-iim-indore",
        "name": "PG Certificate Program in Product Management",
        "provider": "IIM Indore (with Jigsaw)",
        "url": "",
        "description": (
            "Six months online, taught through case studies, ending with a project on a "
            "product you bring yourself."
        ),
        "format": CertificationFormat.ONLINE,
        "duration_weeks": 26,
        "level": CertificationLevel.FOUNDATION,
        "skills": [
            "strategic-thinking",
            "user-research",
            "go-to-market",
            "product-metrics",
            "roadmapping",
        ],
        "is_featured": True,
        "order": 10,
    },
    {
        "slug": "safe-popm",
        "name": "SAFe POPM (Product Owner / Product Manager)",
        "provider": "Scaled Agile",
        "url": "https://scaledagile.com/",
        "description": "Agile product ownership inside the Scaled Agile Framework (SAFe).",
        "format": "",
        "duration_weeks": None,
        "level": CertificationLevel.PRACTITIONER,
        "skills": ["agile-delivery", "prioritization", "stakeholder-management"],
        "is_featured": False,
        "order": 40,
    },
]

# --- Resources ----------------------------------------------------------------------
# (kind, title, author or provider, URL, free, skill slugs, description)
TOOL, BOOK, COMMUNITY = ResourceKind.TOOL, ResourceKind.BOOK, ResourceKind.COMMUNITY
RESOURCES = [
    (TOOL, "Jira", "Atlassian", "https://www.atlassian.com/software/jira", True,
     ["agile-delivery", "project-management"], "Issue tracking and sprint planning."),
    (TOOL, "Asana", "Asana", "https://asana.com/", True,
     ["project-management"], "Work and project tracking across teams."),
    (TOOL, "Trello", "Atlassian", "https://trello.com/", True,
     ["project-management", "prioritization"], "Kanban boards for lightweight planning."),
    (TOOL, "Aha!", "Aha! Labs", "https://www.aha.io/", False,
     ["roadmapping", "strategic-thinking"], "Roadmaps and product strategy."),
    (TOOL, "productboard", "Productboard", "https://www.productboard.com/", False,
     ["roadmapping", "prioritization", "user-research"], "Collect feedback and prioritize."),
    (TOOL, "Pivotal Tracker", "Pivotal", "", False,
     ["agile-delivery"], "Story-based tracker for Agile teams."),
    (BOOK, "Inspired", "Marty Cagan", "", False,
     ["strategic-thinking", "user-research"], "How strong product teams discover what to build."),
    (BOOK, "Escaping the Build Trap", "Melissa Perri", "", False,
     ["strategic-thinking", "product-metrics"], "Outcomes over output, and how to get there."),
    (BOOK, "Hooked", "Nir Eyal", "", False,
     ["ux-and-product-design", "product-metrics"], "Designing products people come back to."),
    (BOOK, "The Innovator's Dilemma", "Clayton Christensen", "", False,
     ["strategic-thinking", "market-research"], "Why successful firms miss disruptive change."),
    (BOOK, "Agile Product Management with Scrum", "Roman Pichler", "", False,
     ["agile-delivery", "prioritization"], "The product owner's job inside Scrum."),
    (BOOK, "The Art of Product Management", "Rich Mironov", "", False,
     ["strategic-thinking", "stakeholder-management"], "Essays on the craft and politics of PM."),
    (BOOK, "The Practitioner's Guide to Product Management", "Jock Busuttil", "", False,
     ["roadmapping", "communication"], "A practical handbook for working PMs."),
    (BOOK, "Build Better Products", "Laura Klein", "", False,
     ["user-research", "ab-testing"], "A step-by-step method for user-centred products."),
    (BOOK, "The User's Journey", "Donna Lichaw", "", False,
     ["ux-and-product-design", "communication"], "Storytelling for product design."),
    (BOOK, "Product Leadership", "Banfield, Eriksson, Walkingshaw", "", False,
     ["leadership", "strategic-thinking"], "How product leaders build and run teams."),
    (COMMUNITY, "Mind the Product", "Mind the Product", "https://www.mindtheproduct.com/", True,
     ["strategic-thinking", "communication"], "Articles, talks and a large PM community."),
    (COMMUNITY, "Silicon Valley Product Group", "SVPG", "https://www.svpg.com/", True,
     ["strategic-thinking", "leadership"], "Essays on product teams and leadership."),
    (COMMUNITY, "Product Buds", "Product Buds", "", True,
     ["communication"], "A community for people starting out in product."),
    (COMMUNITY, "The Product Folks", "The Product Folks", "", True,
     ["communication"], "A community of PMs sharing lessons and events."),
]  # fmt: skip

# --- FAQ -------------------------------------------------------------------------------
FAQS = [
    (
        "How long does it take to become a product manager?",
        "It varies a lot. One published guide puts it at roughly six years of professional "
        "experience, but junior PM roles exist for people with about two years, and a "
        "bootcamp is a faster route than a degree. Coming from inside a product team is "
        "usually quickest.",
    ),
    (
        "Do I need a certification?",
        "No. A certification helps when it closes a real gap and gives you a project to "
        "show. Run the [skill-gap check](/careers/skill-gap/) first, then pick a course by "
        "the gaps it covers, the time and money it takes, and what its alumni say.",
    ),
    (
        "What is a technical product manager?",
        "A PM whose product is technical (platforms, APIs, data or machine learning) and who "
        "works closely with engineers on how it is built. On pmportal it is a flag on any "
        "level of the ladder rather than a level of its own. Technical PMs tend to earn more.",
    ),
    (
        "Where do the skill demand figures come from?",
        "From the job board. pmportal counts the currently published postings that ask for "
        "each skill, overall and per level, and refreshes the figures every hour. Each "
        "figure shows how many postings it is based on and when it was computed.",
    ),
    (
        "Who can see my progress?",
        "Only you. Progress is stored against your account, so it is there again whenever "
        "you sign in, on any device.",
    ),
]

# --- Skill descriptions for the starting taxonomy ------------------------------------
SKILL_DESCRIPTIONS = {
    "communication": "Explaining clearly in writing and out loud, to any audience.",
    "stakeholder-management": "Keeping the people affected by a product informed and aligned.",
    "negotiation": "Reaching agreement on scope, time and trade-offs.",
    "leadership": "Getting people to follow a direction without formal authority.",
    "project-management": "Coordinating work, time and dependencies so things ship.",
    "strategic-thinking": "Lifecycle, segmentation, forecasting and the KPIs that matter.",
    "prioritization": "Choosing what to do next, and what not to do, with evidence.",
    "roadmapping": "Turning strategy into a plan others can follow.",
    "go-to-market": "Launch, positioning and pricing strategy.",
    "user-research": "Customer interviews and usability testing.",
    "analytical-thinking": "Breaking problems down and reasoning from data.",
    "product-metrics": "Retention, engagement and the numbers that show value.",
    "problem-solving": "Finding the real problem before choosing a solution.",
    "ux-and-product-design": "Understanding how design shapes what users can do.",
    "agile-delivery": "Working in short cycles with Scrum or Kanban.",
    "data-analysis": "Pulling data out of systems and making sense of it.",
    "sql": "Querying databases yourself instead of waiting for an analyst.",
    "ab-testing": "Designing and reading experiments.",
    "coding-basics": "Enough programming to talk to engineers and prototype.",
    "market-research": "Sizing markets and studying competitors.",
    "prototyping": "Making ideas tangible quickly to test them.",
    "apis-and-integrations": "How systems talk to each other.",
    "machine-learning-products": "What ML can and cannot do in a product.",
    "technical-writing": "Specifications and requirements people can build from.",
}
