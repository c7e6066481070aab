"""The career guides, ladder, certifications, resources and FAQ that seed_demo loads.

What the guide behind the paths says is kept apart from pmportal's own advice: each path
names its ``source``, and advice sits in ``guidance`` fields the pages label "Our guidance".
"""

from typing import Any

from .models import CertificationFormat, ResourceKind

GUIDE = "A published guide to becoming a product manager"
PUBLISHER_ESTIMATE = "The publisher's estimate, in a published guide to becoming a product manager"
TPM_ARTICLE = "An unsigned salary article on technical PM roles (US figures)"
PMPORTAL = "pmportal"
EDITORIAL = ""

TOOL, BOOK, COMMUNITY = ResourceKind.TOOL, ResourceKind.BOOK, ResourceKind.COMMUNITY
COURSE, GUIDE_KIND, TEMPLATE = ResourceKind.COURSE, ResourceKind.GUIDE, ResourceKind.TEMPLATE

# --- Paths and their steps ------------------------------------------------------
# Each step: (slug, title, summary, body, guidance, typical duration, skill slugs,
#             certification slugs, resources as (kind, title), checklist).
# The body says what the guide says, in our words; the guidance is pmportal's advice, and so
# is every duration here (no duration_source): the pages label both as our guidance.
PATHS: list[dict[str, Any]] = [
    {
        "slug": "from-product-work",
        "title": "From inside product work",
        "audience": "You already work near a product team: analyst, designer, marketer, support.",
        "summary": (
            "You know how products get built because you help build them. This path turns "
            "that experience into a PM role in six steps, from building knowledge to an "
            "internal move or a new job."
        ),
        "body": (
            "The guide's route for people with product experience has six steps: build "
            "your knowledge, analyse your skill gaps, take a certification, build a "
            "portfolio, network, and apply for jobs or an internal transfer."
        ),
        "guidance": (
            "Take the steps in order, but expect to overlap them: networking, for example, "
            "pays off most when it starts early. What you need is to make the PM half of "
            "your job deliberate: learn the vocabulary, close the gaps employers care about, "
            "and show evidence."
        ),
        "source": GUIDE,
        "typical_duration": (
            "Roughly six years of professional product-management experience, not counting "
            "formal education"
        ),
        "duration_source": PUBLISHER_ESTIMATE,
        "steps": [
            (
                "knowledge-building",
                "Build your product knowledge",
                "Learn how products move through their lifecycle and what a PM does at each stage.",
                "The guide starts with knowledge: videos, books, the product lifecycle and the "
                "fundamentals of product management.\n\n"
                "A PM's work is a handful of recurring jobs: understanding what users need, "
                "gathering input from stakeholders, setting the product vision, writing "
                "specifications (what, why, features, success metrics), building the roadmap, "
                "prioritizing, working with design and engineering, running analytics and "
                "experiments, and collecting feedback. The guide describes the PM as a "
                "facilitator of the team's work, not the one who solves every problem.\n\n"
                "The modern role is usually traced back to 1931, when Neil H. McElroy wrote a "
                'memo at Procter & Gamble arguing for extra "brand men".\n\n'
                "The guide's traits of great PMs: they put value over features and outcomes "
                "over outputs, lead rather than dictate, make room for big ideas, and keep "
                "learning.",
                "- **Read two or three classic books** (see the resources beside this guide) "
                "and note what you would do differently in your own team.\n"
                "- **Watch talks and product teardowns**: they show experienced PMs reasoning "
                "out loud.\n"
                "- **Map the lifecycle of something you work on**: where is it, what decision "
                "is due next, who makes it?\n\n"
                "Aim for understanding before you spend money on a course.",
                "4-8 weeks",
                ["strategic-thinking", "roadmapping", "prioritization"],
                [],
                [
                    (BOOK, "Inspired"),
                    (BOOK, "Escaping the Build Trap"),
                    (BOOK, "The Art of Product Management"),
                ],
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
                "The guide's second step is an inventory: set your competencies against the "
                "skills employers most often ask for in job adverts. The gaps decide what you "
                "learn next, and the guide suggests closing them with Agile or product-owner "
                "training (see the [certifications](/careers/certifications/)).\n\n"
                "The [skill-gap check](/careers/skill-gap/) does the comparison with pmportal's "
                "own figures: tick what you can already do and it ranks the missing skills by "
                "how many live postings on pmportal ask for them.",
                'Be honest with yourself: "I have run a survey once" is not user research. '
                "Count a skill when you could talk for five minutes about a time you used it.",
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
                "The guide calls certification important: employers expect practical exposure, "
                "not only reading, and a structured, project-based certificate course from a "
                "credible institution gives it.\n\n"
                "It suggests choosing by:\n\n"
                "1. **The skill gaps it covers**\n"
                "2. **Time**\n"
                "3. **Budget**\n"
                "4. **Credibility**\n"
                "5. **Alumni feedback**",
                "Match the syllabus to your skill-gap results, check you can finish it alongside "
                "your job, ask whether your employer funds training, and talk to two people who "
                "finished the course about what changed for them.",
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
                "A simple site with case studies of products you worked on.",
                "The guide's portfolio is a simple website of case studies of the products you "
                "worked on. Where there is no site yet, list your product projects on your "
                "résumé instead. For examples it points to public PM portfolios, such as Mark "
                "Progano's.",
                "Write each case study for a busy hiring manager: the problem and who had it, "
                "what you found out, the options you weighed, what shipped and what happened "
                "next, with numbers where you have them. Say plainly which parts were yours. "
                "Course projects count, as long as you say they were course projects.",
                "3-6 weeks",
                ["communication", "technical-writing", "product-metrics"],
                [],
                [(BOOK, "Build Better Products"), (BOOK, "The User's Journey")],
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
                "The guide's networking step covers colleagues, online communities, meet-ups "
                "and webinars, and advises starting small and early.",
                "- **Inside your company**: ask a PM for thirty minutes about how they decide "
                "what to build.\n"
                "- **Online communities**: answer questions as well as asking them.\n"
                "- **Meet-ups and webinars**: go regularly to one rather than once to many.\n\n"
                "You do not need a big network: a few people who know what you are aiming for.",
                "Ongoing",
                ["communication", "stakeholder-management"],
                [],
                [
                    (COMMUNITY, "Mind the Product"),
                    (COMMUNITY, "Silicon Valley Product Group"),
                    (COMMUNITY, "The Product Folks"),
                ],
                [
                    "Book a coffee with a PM in your company",
                    "Join one product community and introduce yourself",
                    "Attend one meet-up or webinar this month",
                ],
            ),
            (
                "applying",
                "Apply for roles or an internal transfer",
                "Tailor your résumé to PM roles, apply through job portals, or move into the "
                "product team where you work.",
                "The guide's last step: a résumé tailored to PM roles, applications through job "
                "portals (for India it names Naukri, Monster and IIMJobs), or an internal "
                "transfer into the product team where you already work.",
                "Tell your manager and the head of product that a PM role is your goal, and ask "
                "what would make you a candidate. Rewrite your résumé around outcomes and "
                "decisions rather than tasks, and compare each advert's skills with your own in "
                "the skill-gap check. Associate and entry-level roles are a realistic first "
                "target.",
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
            "For career switchers the guide's route is to build soft skills in an adjacent "
            "role, learn the technical side of product work in a course or bootcamp, and "
            "then combine prior experience with course projects. A bootcamp is faster than "
            "a degree route, and junior PM roles exist at about two years of experience."
        ),
        "guidance": (
            "Your previous field is worth something to product teams: knowledge of a domain, "
            "of customers, or of how a business runs. Expect to need proof you can do the job "
            "before anyone hires you to do it, which is why an adjacent role is often the "
            "first stop."
        ),
        "source": GUIDE,
        "typical_duration": "Junior PM roles exist at about two years of experience",
        "duration_source": PUBLISHER_ESTIMATE,
        "steps": [
            (
                "adjacent-role",
                "Work in an adjacent role",
                "Design, project management and similar roles build the soft skills PMs rely on.",
                "The guide's first step for switchers is an adjacent role, such as design or "
                "project management, to build the soft skills product work needs.",
                "Adjacent roles let you practise the human half of product management while "
                "being paid: coordinating people, presenting, listening to customers and "
                "negotiating scope. Pick one that sits close to a product team, so you see how "
                "decisions are made and can volunteer for product work when a chance comes.",
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
                "Customer research interviews and testing, pricing and revenue modelling.",
                "The guide's second step is a course or bootcamp for the technical side of "
                "product work: customer research interviews and testing, and pricing and "
                "revenue modelling. A bootcamp is faster than a degree route.",
                "Prefer courses built around projects you can keep, and check the "
                "[certifications list](/careers/certifications/) for structured options.",
                "3-6 months",
                ["user-research", "go-to-market", "product-metrics", "prioritization"],
                ["pg-certificate-product-management-iim-indore", "cpm-aipmm"],
                [(BOOK, "Hooked"), (BOOK, "Build Better Products")],
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
                "The guide's third step is to combine your prior experience with the projects "
                "from your course.",
                "A nurse who understands clinical workflows or an accountant who knows "
                "month-end pain brings something to a product team in that space. Write case "
                "studies that join the two, and aim your first applications at companies that "
                "serve your old industry.",
                "1-2 months",
                ["communication", "market-research", "problem-solving"],
                [],
                [(BOOK, "The Practitioner's Guide to Product Management")],
                [
                    "Write one case study that uses your previous field",
                    "List ten companies building for your old industry",
                    "Reach out to a PM at two of them",
                ],
            ),
            (
                "first-pm-role",
                "Apply for associate and junior roles",
                "Associate and junior roles are the usual first target at your stage.",
                "The guide notes that junior PM roles exist at about two years of experience.",
                "Target associate and junior positions, and product roles in companies that "
                "value your domain. Expect interviews to test how you reason through a product "
                "problem. Compare yourself with individual postings in the skill-gap check "
                "before applying, and say in your cover note how you are closing any gap.",
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
        "variant_of": "from-product-work",
        "audience": "You are a software engineer curious about deciding what gets built.",
        "summary": (
            "A variant of the route from inside product work: nine small steps that use your "
            "place in a product team, from working with PMs to an internal transfer."
        ),
        "body": (
            "The guide's nine small steps for engineers: find the PMs where you work, work "
            "with them, take a lead role in your team, show you persuade rather than "
            "dictate, take cross-functional work, take PM courses, write a PM résumé, apply, "
            "and take an internal transfer when one opens."
        ),
        "guidance": (
            "Engineers already sit in product teams and know what is feasible. The move is "
            "from how to build something to whether and why to build it. Each step is small "
            "enough to start this month."
        ),
        "source": GUIDE,
        "typical_duration": "",
        "duration_source": "",
        "steps": [
            (
                "find-your-pms",
                "Find the PMs where you work",
                "Learn who the product managers are and what they are working on.",
                "Step one in the guide: find the product managers where you work.",
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
                "Step two in the guide: work with those PMs.",
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
                "Step three in the guide: take a lead role in your team.",
                "Volunteer to lead a feature: scope it, coordinate with design and QA, and "
                "report progress to stakeholders.",
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
                "Step four in the guide: show that you persuade rather than dictate.",
                "Practise getting agreement through data, user evidence and a clear story, and "
                "show you change your mind when the evidence says so.",
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
                "Step five in the guide: take on cross-functional work.",
                "Join a launch, help support with a recurring issue, or pair with marketing on "
                "a release note.",
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
                "Step six in the guide: take product management courses.",
                "Run the skill-gap check first, then choose a course for the top gaps; market "
                "research, positioning, pricing and metrics are the usual candidates.",
                "2-4 months",
                ["market-research", "strategic-thinking", "product-metrics"],
                ["safe-popm", "acpma"],
                [(BOOK, "Agile Product Management with Scrum"), (BOOK, "Product Leadership")],
                ["Run the skill-gap check", "Enrol in a course for your top gap"],
            ),
            (
                "pm-resume",
                "Write a PM résumé",
                "Rewrite your résumé around product outcomes, decisions and influence.",
                "Step seven in the guide: write a résumé for PM roles.",
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
                "Apply for PM roles, technical ones included.",
                "Step eight in the guide: apply.",
                "Technical product manager roles value an engineering background directly. "
                "Filter the job board for technical roles and compare yourself with each "
                "posting before you apply.",
                "1-3 months",
                ["apis-and-integrations", "communication"],
                [],
                [],
                ["Save a search for technical PM roles", "Apply to three roles"],
            ),
            (
                "internal-transfer",
                "Take an internal transfer when one opens",
                "Be ready to move into the product team when a role opens where you work.",
                "Step nine in the guide: take an internal transfer when one opens.",
                "Tell your manager and the product leadership that you want to move. When a "
                "role opens, you are a known candidate who keeps the context you have built.",
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
        "Experience band from an unsigned salary article on technical PM roles",
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
# Only what the guide states: format, duration, cost and level stay blank ("not stated")
# until an admin fills them from the provider.
CERTIFICATIONS: list[dict[str, Any]] = [
    {
        "slug": "cpm-aipmm",
        "name": "Certification from AIPMM (Certified Product Manager, CPM)",
        "provider": "AIPMM",
        "url": "https://aipmm.com/",
        "description": (
            "Covers lifecycle modelling, market planning, competitor research and writing "
            "specifications. The guide names the body, AIPMM, rather than a credential; "
            "AIPMM's own name for its certification is Certified Product Manager (CPM)."
        ),
        "format": "",
        "duration_weeks": None,
        "level": "",
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
        "level": "",
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
        "level": "",
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
            "Six months online, with post-class exercises, Harvard Business Review case "
            "studies and a project on a product you bring yourself. Completing it gives "
            "Executive Alumni Status."
        ),
        "format": CertificationFormat.ONLINE,
        "duration_weeks": 26,
        "level": "",
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
        "name": "POPM (Product Owner / Product Manager) training",
        "provider": "KnowledgeHut",
        "url": "",
        "description": (
            "Agile product ownership. The guide names KnowledgeHut's POPM training; the "
            "credential itself is Scaled Agile's SAFe POPM, which the guide does not mention."
        ),
        "format": "",
        "duration_weeks": None,
        "level": "",
        "skills": ["agile-delivery", "prioritization", "stakeholder-management"],
        "is_featured": False,
        "order": 40,
    },
]

# --- Resources ----------------------------------------------------------------------
# (kind, title, publisher or author, URL, skill slugs, description). Nothing here says
# whether a resource is free: the guide does not, so the price stays "not stated".
RESOURCES = [
    (COURSE, "Best Product Management Certifications", "KnowledgeHut", "", [], ""),
    (COURSE, "Best Agile Certifications", "KnowledgeHut", "", ["agile-delivery"], ""),
    (COURSE, "Digital Product Management: Modern Fundamentals", "University of Virginia", "",
     [], ""),
    (COURSE, "Product Management Online Course", "Product School", "", [], ""),
    (COURSE, "Software Product Management Specialization", "University of Alberta", "",
     ["agile-delivery"], ""),
    (COURSE, "Brand and Product Management", "IE Business School", "", ["go-to-market"], ""),
    (GUIDE_KIND, "Beginners Guide to Product Management", "Prototype", "", [], ""),
    (GUIDE_KIND, "Introduction to the Product Management Process", "ProdPad", "", [], ""),
    (GUIDE_KIND, "What is Product Management?", "ProductPlan", "", [], ""),
    (GUIDE_KIND, "Creating Success - A Guide to a Product Manager's KPIs", "Toptal", "",
     ["product-metrics"], ""),
    (GUIDE_KIND, "The Beginner's Guide To Product Management", "Jeff Whitlock", "", [], ""),
    (GUIDE_KIND, "The Essential Product Manager Career Guide", "HubSpot", "", [], ""),
    (TEMPLATE, "Product Strategy Templates", "Aha!", "", ["strategic-thinking"], ""),
    (TEMPLATE, "Product Roadmap Templates", "ProductPlan", "", ["roadmapping"], ""),
    (TEMPLATE, "Product Templates", "Asana", "", [], ""),
    (TEMPLATE, "7 Customizable Product Roadmap Templates", "Roadmunk", "", ["roadmapping"], ""),
    (TEMPLATE, "Templates for Product Management", "ProdPad", "", [], ""),
    (TEMPLATE, "Free Product Management Templates", "Smartsheet", "", [], ""),
    (TOOL, "Jira", "", "https://www.atlassian.com/software/jira",
     ["agile-delivery", "project-management"], "Issue tracking and sprint planning."),
    (TOOL, "Asana", "", "https://asana.com/",
     ["project-management"], "Work and project tracking across teams."),
    (TOOL, "Trello", "", "https://trello.com/",
     ["project-management", "prioritization"], "Boards for lightweight planning."),
    (TOOL, "Infinity", "", "", ["project-management"], ""),
    (TOOL, "Aha!", "", "https://www.aha.io/",
     ["roadmapping", "strategic-thinking"], "Roadmaps and product strategy."),
    (TOOL, "productboard", "", "https://www.productboard.com/",
     ["roadmapping", "prioritization", "user-research"], "Collecting feedback and prioritizing."),
    (TOOL, "Pivotal Tracker", "", "",
     ["agile-delivery"], "Story-based tracking for Agile teams."),
    (BOOK, "Inspired", "Marty Cagan", "",
     ["strategic-thinking", "user-research"], "How product teams discover what to build."),
    (BOOK, "Escaping the Build Trap", "Melissa Perri", "",
     ["strategic-thinking", "product-metrics"], "Outcomes over output, and how to get there."),
    (BOOK, "Hooked", "Nir Eyal", "",
     ["ux-and-product-design", "product-metrics"], "Designing products people come back to."),
    (BOOK, "The Innovator's Dilemma", "Clayton Christensen", "",
     ["strategic-thinking", "market-research"], "Why successful firms miss disruptive change."),
    (BOOK, "Agile Product Management with Scrum", "Roman Pichler", "",
     ["agile-delivery", "prioritization"], "The product owner's job inside Scrum."),
    (BOOK, "The Art of Product Management", "Rich Mironov", "",
     ["strategic-thinking", "stakeholder-management"], "Essays on the craft and politics of PM."),
    (BOOK, "The Practitioner's Guide to Product Management", "Jock Busuttil", "",
     ["roadmapping", "communication"], "A handbook for working PMs."),
    (BOOK, "Build Better Products", "Laura Klein", "",
     ["user-research", "ab-testing"], "A step-by-step method for user-centred products."),
    (BOOK, "The User's Journey", "Donna Lichaw", "",
     ["ux-and-product-design", "communication"], "Storytelling for product design."),
    (BOOK, "Product Leadership", "Banfield, Eriksson, Walkingshaw", "",
     ["leadership", "strategic-thinking"], "How product leaders build and run teams."),
    (COMMUNITY, "Mind the Product", "", "https://www.mindtheproduct.com/",
     ["strategic-thinking", "communication"], "Articles, talks and a PM community."),
    (COMMUNITY, "The Black Box of Product Management", "", "", [], ""),
    (COMMUNITY, "The Art of Product Management", "", "", [], ""),
    (COMMUNITY, "Software Product Management", "", "", [], ""),
    (COMMUNITY, "Silicon Valley Product Group", "", "https://www.svpg.com/",
     ["strategic-thinking", "leadership"], "SVPG's essays on product teams and leadership."),
    (COMMUNITY, "Product Buds", "", "",
     ["communication"], "A community for people starting out in product."),
    (COMMUNITY, "The Product Folks", "", "",
     ["communication"], "A community of PMs sharing lessons and events."),
]  # fmt: skip

# --- FAQ -------------------------------------------------------------------------------
# (question, answer, source, is our guidance): every answer names where it comes from,
# pmportal itself for how the portal works, or is labelled as our guidance.
FAQS = [
    (
        "How long does it take to become a product manager?",
        "The guide's publisher estimates roughly six years of professional "
        "product-management experience, not counting formal education. Junior PM roles "
        "exist at about two years, and a bootcamp is a faster route than a degree.",
        PUBLISHER_ESTIMATE,
        False,
    ),
    (
        "Do I need a certification?",
        "The guide calls certification important: employers expect practical exposure, not "
        "only reading, and a project-based certificate course gives it. It suggests choosing "
        "one by the skill gaps it covers, the time and budget it takes, its credibility and "
        "what its alumni say; the [skill-gap check](/careers/skill-gap/) shows your gaps.",
        GUIDE,
        False,
    ),
    (
        "Which path should I start with?",
        "Start where you are today. If you work near a product team, take the path from "
        "inside product work (engineers have a nine-step variant of it); if you come from "
        "another field, take the path for career switchers.",
        "",
        True,
    ),
    (
        "What makes a great product manager?",
        "The guide lists five traits: putting value over features, outcomes over outputs, "
        "leading rather than dictating, making room for big ideas, and continuing to learn. "
        "It describes the PM as a facilitator of the team's work, not the one who solves "
        "every problem.",
        GUIDE,
        False,
    ),
    (
        "Where does product management come from?",
        "The guide takes a 1931 memo by Neil H. McElroy at Procter & Gamble, arguing for "
        'extra "brand men", as the start of modern product management.',
        GUIDE,
        False,
    ),
    (
        "What is a technical product manager?",
        "On pmportal, technical PM is a flag on any level of the ladder rather than a level "
        "of its own. An unsigned salary article on technical PM roles says technical PMs "
        "earn more than non-technical ones.",
        f"{PMPORTAL}; {TPM_ARTICLE}",
        False,
    ),
    (
        "Where do the skill demand figures come from?",
        "From the job board. pmportal counts the currently published postings that ask for "
        "each skill, overall and per level, and refreshes the figures every hour. Each "
        "figure shows how many postings it is based on and when it was computed.",
        PMPORTAL,
        False,
    ),
    (
        "Who can see my progress?",
        "Only you. Progress is stored against your account, so it is there again whenever "
        "you sign in, on any device.",
        PMPORTAL,
        False,
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

# --- Values earlier seeds wrote --------------------------------------------------------
# Fingerprints (careers.demo.fingerprint) of the values earlier versions of this file
# loaded and this one corrects: seed_demo replaces a field only while it still holds one.
SUPERSEDED: frozenset[str] = frozenset((
    "0013f7b2255623a5", "0657bb7aba3b6c68", "0be19ec75589b83f", "0c6c1ac5c0404553",
    "0d02806c66c3908f", "0e3c0054ab5fd4a4", "13dc51f95f5bdee6", "172605fdd54c382f",
    "184c16a0ee445c54", "1b84c94cab963350", "1c278937d2848e16", "1d033a364e1833e8",
    "1e63ed9f919f94a1", "1eb8e2b757ae4c12", "22f186f9025d9be4", "2380621d89b6d7d9",
    "23b6fd142d1e1bc0", "242147bb3adc9cb3", "272d27f07492be08", "28f79485c45aeafc",
    "2c3c69fdd4249712", "2cb4564429bb0e51", "2e6aed0a55cbda63", "2ff7403ca78cc0d0",
    "301657bf3bb2745c", "30cf57663aad429b", "3225884155cc63a8", "32e028abeadc28da",
    "3b84e5bdacd0fca5", "3bf1ee5ee4495e32", "3c319ce5005301cd", "3e478dbdef8f4506",
    "40c634b77de2f4ad", "44c2ca22e1af0341", "46acf06c8d9e5bd5", "499b6ae718738567",
    "4bb8cf74608f4ea5", "4eb9e9d9240ef0f0", "4f14c75c5d880344", "51dddba45e9645c0",
    "548d2a434bdabf67", "58fbc09b14bcf4a0", "5b1f9078781fd50a", "5c9a61187093c6cf",
    "5e2f894a48710fa2", "5eb32a93af157524", "6733439c1dfb2b49", "6ca2245d7daf31cc",
    "6d221294b27b3e21", "72e3d4985d6d5359", "763f5d59b0251e8f", "7b419d54f81b74c2",
    "7ce7c8bea3ddfd68", "7cfa222c87241b3a", "810afd5ee57d4e69", "828192be1e7bba09",
    "83963b6c4c48a946", "84c75f322234b2a4", "853e45e81e71ff94", "864703eaa843e7ef",
    "885149a6d5404320", "88fcb8183fc25ddd", "893efc23db59fd8a", "8a6de67c3dc14904",
    "8d1f7459937a573d", "8e0b31861ab3b663", "8e6ddc1f69ad4231", "8e79f02c625e2267",
    "923cb82a538e3dab", "92e6253139ae1415", "98ba07bc27daf072", "98f2eec115d63d9d",
    "99d01fe8960cd31b", "a2aa1c4b5fe4919f", "a5f77528d8177fd4", "ad70a357d4ae54e6",
    "ad85da3e3f71e638", "ae45de6a3df02219", "b7a7faba0f79a1b8", "b7c633359afff13f",
    "b95bf0d20245987e", "b9d253100cedf753", "ba295daabee82dd1", "bb9cf819cdf73c8c",
    "bbc7bd87f5deb642", "bbefb6775516995f", "bf38af4e24d768e4", "c1fbdda7914e61d0",
    "c2375064457f8126", "c5e494f64224f43f", "cbb257c44b78b983", "ccdce6cf9b416d31",
    "cde998fb8014889f", "ce20033d60806b17", "d007a3437c89b700", "d4ef26c919a482a0",
    "d56d4ca0166c2fb2", "d5c2dc25ebf416a2", "d7e634d38158f77c", "db2a62d817632bbb",
    "dc5c1025c792783c", "dcaffbafc5d4f240", "de5c45b75da6118a", "df489da2578740e3",
    "e086aadd2bfd8964", "e0b02f2efc2e823d", "e18cfbf8b77d1aa2", "e32bbd85609c0884",
    "e51e8fbd25b57a63", "e84426e33da9f4ac", "ea75cce4efc1dc53", "eb818bee8f9b5c3a",
    "ebfa5cf9d5cd3cfd", "ecf712409f0683dd", "ed2dfe431bd60efd", "ed7d94e7bb8e88ff",
    "f13679efa218799f", "f4d4047bc3d58870", "f5cb9e165702060c", "f60afc35c4840ffd",
    "f98c0f09e262a5e8", "fdc060f444c560df", "fe09857e84ef3390",
))  # fmt: skip
