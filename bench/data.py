"""Realistic, reproducible write-side rows: companies, the catalogue, postings.

Everything is drawn from a seeded ``random.Random``, so one seed always gives the
same board. The rows have the exact shape the repositories write (see
adapters.postgres.mapping); the read models are then built from them by the
projection's own SQL (bench/fill.py), never written here.

The distributions follow a real board's shape: most postings in English, the
rest in the languages of the countries they are in; a few large employers and a
long tail of small ones; job families with their own titles and skills, skills
drawn Zipf-like (so some words are in a third of all postings and some in one in
ten thousand); pay by country, seniority and family, quoted per year, month,
day or hour.
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import orjson

T = TypeVar("T")

# ------------------------------------------------------------------ geography

# language -> (weight, [(country, weight)])
LANGUAGES: dict[str, tuple[float, list[tuple[str, float]]]] = {
    "en": (
        55,
        [("US", 45), ("GB", 22), ("IE", 4), ("CA", 9), ("AU", 7), ("IN", 6), ("DE", 4), ("NL", 3)],
    ),
    "de": (12, [("DE", 80), ("AT", 12), ("CH", 8)]),
    "fr": (10, [("FR", 85), ("BE", 10), ("CH", 5)]),
    "es": (7, [("ES", 60), ("MX", 25), ("AR", 15)]),
    "nl": (5, [("NL", 85), ("BE", 15)]),
    "it": (4, [("IT", 100)]),
    "pt": (4, [("PT", 40), ("BR", 60)]),
    "pl": (3, [("PL", 100)]),
}

CITIES: dict[str, list[tuple[str, float]]] = {
    "US": [
        ("New York", 20),
        ("San Francisco", 14),
        ("Seattle", 8),
        ("Austin", 7),
        ("Boston", 7),
        ("Chicago", 6),
        ("Denver", 4),
        ("Atlanta", 4),
    ],
    "GB": [("London", 60), ("Manchester", 12), ("Edinburgh", 8), ("Bristol", 7), ("Leeds", 6)],
    "IE": [("Dublin", 80), ("Cork", 15), ("Galway", 5)],
    "CA": [("Toronto", 45), ("Vancouver", 25), ("Montreal", 20), ("Calgary", 10)],
    "AU": [("Sydney", 50), ("Melbourne", 35), ("Brisbane", 15)],
    "IN": [("Bengaluru", 45), ("Hyderabad", 20), ("Pune", 15), ("Chennai", 10), ("Gurugram", 10)],
    "DE": [
        ("Berlin", 35),
        ("München", 20),
        ("Hamburg", 15),
        ("Frankfurt am Main", 12),
        ("Köln", 10),
        ("Stuttgart", 8),
    ],
    "AT": [("Wien", 70), ("Graz", 15), ("Linz", 15)],
    "CH": [("Zürich", 50), ("Genève", 25), ("Basel", 15), ("Bern", 10)],
    "FR": [("Paris", 60), ("Lyon", 12), ("Toulouse", 8), ("Nantes", 7), ("Bordeaux", 7)],
    "BE": [("Bruxelles", 50), ("Antwerpen", 30), ("Gent", 20)],
    "ES": [("Madrid", 45), ("Barcelona", 40), ("Valencia", 10), ("Sevilla", 5)],
    "MX": [("Ciudad de México", 60), ("Guadalajara", 25), ("Monterrey", 15)],
    "AR": [("Buenos Aires", 80), ("Córdoba", 20)],
    "NL": [("Amsterdam", 50), ("Rotterdam", 20), ("Utrecht", 15), ("Eindhoven", 15)],
    "IT": [("Milano", 50), ("Roma", 30), ("Torino", 10), ("Bologna", 10)],
    "PT": [("Lisboa", 65), ("Porto", 35)],
    "BR": [("São Paulo", 55), ("Rio de Janeiro", 25), ("Belo Horizonte", 10), ("Curitiba", 10)],
    "PL": [("Warszawa", 50), ("Kraków", 25), ("Wrocław", 15), ("Gdańsk", 10)],
}

# country -> (currency, pay level against the US = 1.0)
PAY: dict[str, tuple[str, float]] = {
    "US": ("USD", 1.0),
    "GB": ("GBP", 0.55),
    "IE": ("EUR", 0.62),
    "CA": ("CAD", 1.0),
    "AU": ("AUD", 1.15),
    "IN": ("INR", 18.0),
    "DE": ("EUR", 0.62),
    "AT": ("EUR", 0.58),
    "CH": ("CHF", 0.95),
    "FR": ("EUR", 0.50),
    "BE": ("EUR", 0.55),
    "ES": ("EUR", 0.38),
    "MX": ("MXN", 4.5),
    "AR": ("ARS", 120.0),
    "NL": ("EUR", 0.58),
    "IT": ("EUR", 0.40),
    "PT": ("EUR", 0.30),
    "BR": ("BRL", 1.3),
    "PL": ("PLN", 1.3),
}

# ------------------------------------------------------------------ job families

SENIORITY = [
    ("intern", 3),
    ("junior", 14),
    ("mid", 30),
    ("senior", 30),
    ("lead", 9),
    ("principal", 3),
    ("executive", 1),
]
SENIORITY_PAY = {
    "intern": 0.35,
    "junior": 0.65,
    "mid": 0.85,
    "senior": 1.1,
    "lead": 1.3,
    "principal": 1.55,
    "executive": 2.0,
}
SENIORITY_WORD = {
    "en": {"intern": "Intern", "junior": "Junior", "senior": "Senior", "lead": "Lead"},
    "de": {"intern": "Praktikant", "junior": "Junior", "senior": "Senior", "lead": "Lead"},
    "fr": {"intern": "Stagiaire", "junior": "Junior", "senior": "Senior", "lead": "Lead"},
    "es": {"intern": "Becario", "junior": "Junior", "senior": "Senior", "lead": "Líder"},
}


@dataclass(frozen=True)
class Family:
    name: str
    weight: float
    base_pay_usd: int  # mid-level annual pay in the US
    titles: dict[str, list[str]]  # language -> role names ("en" is the fallback)
    skills: list[str]  # most asked-for first: drawn Zipf-like
    duties: list[str]  # English lines; other languages get their own generic ones


FAMILIES = [
    Family(
        "software",
        30,
        135_000,
        {
            "en": [
                "Software Engineer",
                "Backend Engineer",
                "Frontend Developer",
                "Full Stack Developer",
                "Mobile Developer",
                "Platform Engineer",
                "Site Reliability Engineer",
                "Embedded Software Engineer",
            ],
            "de": [
                "Softwareentwickler (m/w/d)",
                "Backend-Entwickler (m/w/d)",
                "Frontend-Entwickler (m/w/d)",
                "Full-Stack-Entwickler (m/w/d)",
                "Softwareingenieur (m/w/d)",
            ],
            "fr": [
                "Développeur Backend (H/F)",
                "Ingénieur Logiciel (H/F)",
                "Développeur Full Stack (H/F)",
                "Développeur Frontend (H/F)",
            ],
            "es": ["Desarrollador Backend", "Ingeniero de Software", "Desarrollador Full Stack"],
            "nl": ["Software Developer", "Backend Ontwikkelaar", "Frontend Developer"],
            "it": ["Sviluppatore Backend", "Ingegnere del Software", "Sviluppatore Full Stack"],
            "pt": ["Desenvolvedor Backend", "Engenheiro de Software", "Desenvolvedor Full Stack"],
            "pl": ["Programista Backend", "Inżynier Oprogramowania", "Programista Frontend"],
        },
        [
            "Python",
            "JavaScript",
            "Java",
            "TypeScript",
            "SQL",
            "Git",
            "React",
            "AWS",
            "Docker",
            "PostgreSQL",
            "Node.js",
            "Go",
            "Kubernetes",
            "C#",
            ".NET",
            "Linux",
            "REST APIs",
            "Kotlin",
            "Spring Boot",
            "GraphQL",
            "Redis",
            "Vue.js",
            "Angular",
            "C++",
            "Rust",
            "Swift",
            "Kafka",
            "Terraform",
            "Django",
            "Ruby on Rails",
            "Scala",
            "Elixir",
            "gRPC",
            "Flutter",
            "Haskell",
            "Clojure",
            "Erlang",
            "OCaml",
            "Fortran",
            "COBOL",
        ],
        [
            "Design, build and operate services used by millions of people",
            "Review code and mentor other engineers",
            "Own features from the first sketch to production",
            "Improve the reliability, performance and observability of our systems",
            "Work closely with product managers and designers",
            "Write automated tests and keep the build green",
        ],
    ),
    Family(
        "data",
        8,
        140_000,
        {
            "en": [
                "Data Engineer",
                "Data Scientist",
                "Machine Learning Engineer",
                "Data Analyst",
                "Analytics Engineer",
            ],
            "de": ["Data Engineer (m/w/d)", "Data Scientist (m/w/d)", "Datenanalyst (m/w/d)"],
            "fr": ["Data Engineer (H/F)", "Data Scientist (H/F)", "Analyste de Données (H/F)"],
            "es": ["Ingeniero de Datos", "Científico de Datos", "Analista de Datos"],
        },
        [
            "SQL",
            "Python",
            "Spark",
            "Airflow",
            "dbt",
            "Snowflake",
            "Pandas",
            "Machine Learning",
            "BigQuery",
            "Tableau",
            "PyTorch",
            "TensorFlow",
            "Power BI",
            "Statistics",
            "R",
            "Databricks",
            "Flink",
            "Julia",
            "SAS",
        ],
        [
            "Build and maintain reliable data pipelines",
            "Model data for analytics and reporting",
            "Train, evaluate and deploy machine learning models",
            "Turn questions from the business into analyses and dashboards",
        ],
    ),
    Family(
        "devops",
        6,
        140_000,
        {
            "en": ["DevOps Engineer", "Cloud Engineer", "Infrastructure Engineer", "SRE"],
            "de": ["DevOps Engineer (m/w/d)", "Cloud Engineer (m/w/d)", "Systemadministrator"],
            "fr": ["Ingénieur DevOps (H/F)", "Ingénieur Cloud (H/F)"],
        },
        [
            "Linux",
            "Kubernetes",
            "Terraform",
            "AWS",
            "Docker",
            "Azure",
            "Ansible",
            "CI/CD",
            "Prometheus",
            "GCP",
            "Bash",
            "Helm",
            "Networking",
            "Nomad",
        ],
        [
            "Automate the provisioning of our cloud infrastructure",
            "Run Kubernetes clusters across several regions",
            "Be part of an on-call rotation with a sane workload",
            "Improve deployment pipelines and developer tooling",
        ],
    ),
    Family(
        "product",
        6,
        130_000,
        {
            "en": ["Product Manager", "Product Designer", "UX Designer", "UX Researcher"],
            "de": ["Produktmanager (m/w/d)", "UX Designer (m/w/d)"],
            "fr": ["Chef de Produit (H/F)", "Designer UX (H/F)"],
            "es": ["Product Manager", "Diseñador UX"],
        },
        [
            "Figma",
            "Product Discovery",
            "User Research",
            "Agile",
            "Scrum",
            "Jira",
            "A/B Testing",
            "Roadmapping",
            "Prototyping",
            "Design Systems",
        ],
        [
            "Discover what our users need and shape the roadmap",
            "Write clear specifications with engineering",
            "Run user interviews and usability tests",
            "Measure the impact of what we ship",
        ],
    ),
    Family(
        "sales",
        10,
        85_000,
        {
            "en": ["Account Executive", "Sales Development Representative", "Account Manager"],
            "de": [
                "Vertriebsmitarbeiter (m/w/d)",
                "Account Manager (m/w/d)",
                "Key Account Manager",
            ],
            "fr": ["Commercial B2B (H/F)", "Chargé d'Affaires (H/F)", "Account Manager (H/F)"],
            "es": ["Ejecutivo de Ventas", "Gerente de Cuentas"],
            "nl": ["Accountmanager", "Sales Medewerker"],
            "it": ["Agente di Commercio", "Account Manager"],
            "pt": ["Executivo de Vendas", "Gerente de Contas"],
            "pl": ["Przedstawiciel Handlowy", "Account Manager"],
        },
        [
            "B2B Sales",
            "Salesforce",
            "Negotiation",
            "CRM",
            "Cold Calling",
            "HubSpot",
            "SaaS",
            "Lead Generation",
            "Key Account Management",
        ],
        [
            "Grow a portfolio of business customers",
            "Run the full sales cycle from first call to signature",
            "Keep the CRM up to date and forecast accurately",
            "Work with marketing on campaigns and events",
        ],
    ),
    Family(
        "finance",
        7,
        95_000,
        {
            "en": ["Accountant", "Financial Analyst", "Controller", "Bookkeeper"],
            "de": ["Buchhalter (m/w/d)", "Controller (m/w/d)", "Finanzanalyst (m/w/d)"],
            "fr": ["Comptable (H/F)", "Contrôleur de Gestion (H/F)", "Analyste Financier (H/F)"],
            "es": ["Contable", "Analista Financiero", "Controller"],
            "nl": ["Boekhouder", "Financieel Analist"],
            "it": ["Contabile", "Analista Finanziario"],
            "pt": ["Contador", "Analista Financeiro"],
            "pl": ["Księgowy", "Analityk Finansowy"],
        },
        [
            "Excel",
            "Accounting",
            "IFRS",
            "SAP",
            "Financial Modelling",
            "Budgeting",
            "Payroll",
            "DATEV",
            "CPA",
            "ACCA",
            "US GAAP",
        ],
        [
            "Prepare the monthly and yearly closing",
            "Report figures to the management team",
            "Own the budgeting and forecasting process",
            "Work with auditors and tax advisers",
        ],
    ),
    Family(
        "healthcare",
        10,
        75_000,
        {
            "en": ["Registered Nurse", "Care Assistant", "Pharmacist", "Physiotherapist"],
            "de": ["Pflegefachkraft (m/w/d)", "Gesundheits- und Krankenpfleger", "Apotheker"],
            "fr": ["Infirmier (H/F)", "Aide-Soignant (H/F)", "Pharmacien (H/F)"],
            "es": ["Enfermero", "Auxiliar de Enfermería", "Farmacéutico"],
            "nl": ["Verpleegkundige", "Verzorgende IG"],
            "it": ["Infermiere", "Farmacista", "Fisioterapista"],
            "pt": ["Enfermeiro", "Farmacêutico", "Fisioterapeuta"],
            "pl": ["Pielęgniarka", "Farmaceuta", "Fizjoterapeuta"],
        },
        [
            "Patient Care",
            "Nursing License",
            "First Aid",
            "Medication Administration",
            "Elderly Care",
            "Wound Care",
            "ICU Experience",
            "Phlebotomy",
        ],
        [
            "Care for patients with compassion and skill",
            "Work in shifts as part of a friendly team",
            "Keep accurate patient records",
            "Take part in training and continuous improvement",
        ],
    ),
    Family(
        "hospitality",
        9,
        40_000,
        {
            "en": ["Chef", "Line Cook", "Waiter", "Barista", "Hotel Receptionist"],
            "de": ["Koch (m/w/d)", "Servicekraft (m/w/d)", "Rezeptionist (m/w/d)"],
            "fr": ["Cuisinier (H/F)", "Serveur (H/F)", "Réceptionniste (H/F)", "Barista (H/F)"],
            "es": ["Cocinero", "Camarero", "Recepcionista de Hotel"],
            "nl": ["Kok", "Bediening", "Barista"],
            "it": ["Cuoco", "Cameriere", "Receptionist"],
            "pt": ["Cozinheiro", "Empregado de Mesa", "Rececionista"],
            "pl": ["Kucharz", "Kelner", "Recepcjonista"],
        },
        [
            "Food Safety",
            "Customer Service",
            "Cooking",
            "Cash Handling",
            "Coffee",
            "Wine Knowledge",
            "Opera PMS",
        ],
        [
            "Welcome guests and make them feel at home",
            "Prepare dishes to our standards",
            "Keep the workplace clean and safe",
            "Work weekends and evenings on a fair rota",
        ],
    ),
    Family(
        "logistics",
        8,
        50_000,
        {
            "en": [
                "Warehouse Operative",
                "Delivery Driver",
                "Forklift Operator",
                "Logistics Planner",
            ],
            "de": ["Lagerist (m/w/d)", "Berufskraftfahrer (m/w/d)", "Staplerfahrer (m/w/d)"],
            "fr": ["Préparateur de Commandes (H/F)", "Chauffeur Livreur (H/F)", "Cariste (H/F)"],
            "es": ["Mozo de Almacén", "Repartidor", "Carretillero"],
            "nl": ["Magazijnmedewerker", "Chauffeur", "Heftruckchauffeur"],
            "it": ["Magazziniere", "Autista", "Carrellista"],
            "pt": ["Operador de Armazém", "Motorista", "Operador de Empilhador"],
            "pl": ["Magazynier", "Kierowca", "Operator Wózka Widłowego"],
        },
        [
            "Forklift License",
            "Driving Licence",
            "Inventory Management",
            "WMS",
            "Physical Fitness",
            "HGV Licence",
            "ADR Certificate",
        ],
        [
            "Pick, pack and ship orders accurately",
            "Load and unload deliveries safely",
            "Plan routes and schedules",
            "Keep stock levels accurate",
        ],
    ),
    Family(
        "support",
        6,
        48_000,
        {
            "en": ["Customer Support Specialist", "Customer Success Manager", "Help Desk Analyst"],
            "de": ["Kundenbetreuer (m/w/d)", "IT-Support (m/w/d)", "Customer Success Manager"],
            "fr": ["Conseiller Clientèle (H/F)", "Technicien Support (H/F)"],
            "es": ["Agente de Atención al Cliente", "Técnico de Soporte"],
        },
        [
            "Customer Service",
            "Zendesk",
            "Communication",
            "Troubleshooting",
            "Ticketing",
            "ITIL",
            "Intercom",
        ],
        [
            "Help customers by chat, email and phone",
            "Solve problems at the first contact where possible",
            "Turn feedback into suggestions for the product team",
        ],
    ),
    Family(
        "people",
        5,
        80_000,
        {
            "en": ["HR Business Partner", "Recruiter", "Talent Acquisition Specialist"],
            "de": ["Personalreferent (m/w/d)", "Recruiter (m/w/d)"],
            "fr": ["Chargé de Recrutement (H/F)", "Responsable RH (H/F)"],
            "es": ["Técnico de Selección", "HR Business Partner"],
        },
        [
            "Recruiting",
            "Employment Law",
            "Workday",
            "Onboarding",
            "Interviewing",
            "Greenhouse",
            "Compensation",
        ],
        [
            "Find and hire great people for our teams",
            "Advise managers on people matters",
            "Improve onboarding and development programmes",
        ],
    ),
]

SPOKEN = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "nl": "Dutch",
    "it": "Italian",
    "pt": "Portuguese",
    "pl": "Polish",
}
DEGREES = ["Bachelor's Degree", "Master's Degree", "PhD", "Vocational Training"]
CERTIFICATIONS = [
    "AWS Certified Solutions Architect",
    "PMP",
    "Certified Kubernetes Administrator",
    "CISSP",
    "Scrum Master Certification",
]
# Entries a curator merged into another (their postings name the target).
MERGED = {"Golang": "Go", "Postgres": "PostgreSQL", "JS": "JavaScript", "K8s": "Kubernetes"}

# ------------------------------------------------------------------ text

# Per language: the sentences descriptions are made of. Slots: {company}, {role},
# {city}, {skill}, {skill2}, {industry}.
SENTENCES: dict[str, list[str]] = {
    "en": [
        "{company} is looking for a {role} to join our team in {city}.",
        "We are a fast-growing {industry} company with customers all over the world.",
        "You will work with {skill} and {skill2} every day.",
        "Our team values ownership, curiosity and kindness.",
        "You will report to the head of the department and work closely with colleagues.",
        "We offer a competitive salary, flexible hours and a generous holiday allowance.",
        "Experience with {skill} is essential; knowledge of {skill2} is a plus.",
        "We believe in a healthy work-life balance and continuous learning.",
        "Join us to build the future of {industry}.",
        "The position is based in {city}, with some travel to our other offices.",
        "We welcome applicants from all backgrounds and are an equal opportunity employer.",
        "You enjoy solving hard problems and sharing what you learn.",
        "Our office is close to public transport and has great coffee.",
        "This is a permanent role with a six-month probation period.",
    ],
    "de": [
        "{company} sucht zum nächstmöglichen Zeitpunkt einen {role} in {city}.",
        "Wir sind ein wachsendes Unternehmen der Branche {industry}.",
        "Sie arbeiten täglich mit {skill} und {skill2}.",
        "Wir bieten ein unbefristetes Arbeitsverhältnis und flexible Arbeitszeiten.",
        "Erfahrung mit {skill} setzen wir voraus, Kenntnisse in {skill2} sind von Vorteil.",
        "Es erwartet Sie ein motiviertes Team mit flachen Hierarchien.",
        "Wir freuen uns auf Ihre Bewerbung mit Angabe Ihrer Gehaltsvorstellung.",
        "Zu unseren Leistungen gehören betriebliche Altersvorsorge und Weiterbildung.",
        "Der Arbeitsort ist {city}, mobiles Arbeiten ist teilweise möglich.",
        "Sie arbeiten eigenverantwortlich und strukturiert.",
    ],
    "fr": [
        "{company} recrute un {role} pour son équipe de {city}.",
        "Nous sommes une entreprise en forte croissance dans le secteur {industry}.",
        "Vous travaillerez au quotidien avec {skill} et {skill2}.",
        "Une expérience avec {skill} est indispensable ; {skill2} serait un plus.",
        "Nous proposons un CDI, des tickets restaurant et une mutuelle de qualité.",
        "Vous rejoindrez une équipe bienveillante et passionnée.",
        "Le poste est basé à {city}, avec du télétravail partiel.",
        "Vous êtes autonome, rigoureux et doté d'un bon esprit d'équipe.",
        "Nous valorisons la formation continue et l'évolution interne.",
        "Rejoignez-nous pour construire l'avenir du secteur {industry}.",
    ],
    "es": [
        "{company} busca un {role} para su equipo en {city}.",
        "Somos una empresa en crecimiento del sector {industry}.",
        "Trabajarás cada día con {skill} y {skill2}.",
        "Es imprescindible experiencia con {skill}; se valorará {skill2}.",
        "Ofrecemos contrato indefinido, horario flexible y formación continua.",
        "Te incorporarás a un equipo joven y dinámico.",
        "El puesto está en {city}, con posibilidad de teletrabajo parcial.",
        "Buscamos personas proactivas, organizadas y con ganas de aprender.",
    ],
    "nl": [
        "{company} zoekt een {role} voor ons team in {city}.",
        "Wij zijn een snelgroeiend bedrijf in de sector {industry}.",
        "Je werkt dagelijks met {skill} en {skill2}.",
        "Ervaring met {skill} is een must; kennis van {skill2} is een pré.",
        "Wij bieden een goed salaris, flexibele werktijden en opleidingsmogelijkheden.",
        "De standplaats is {city}, thuiswerken is deels mogelijk.",
    ],
    "it": [
        "{company} cerca un {role} per il team di {city}.",
        "Siamo un'azienda in crescita nel settore {industry}.",
        "Lavorerai ogni giorno con {skill} e {skill2}.",
        "È richiesta esperienza con {skill}; costituisce titolo preferenziale {skill2}.",
        "Offriamo contratto a tempo indeterminato e buoni pasto.",
        "La sede di lavoro è {city}, con possibilità di smart working.",
    ],
    "pt": [
        "{company} procura um {role} para a equipa de {city}.",
        "Somos uma empresa em crescimento no setor {industry}.",
        "Vais trabalhar todos os dias com {skill} e {skill2}.",
        "É obrigatória experiência com {skill}; {skill2} é uma vantagem.",
        "Oferecemos contrato sem termo, horário flexível e seguro de saúde.",
        "O local de trabalho é {city}, com regime híbrido.",
    ],
    "pl": [
        "{company} poszukuje osoby na stanowisko {role} w {city}.",
        "Jesteśmy szybko rozwijającą się firmą z branży {industry}.",
        "Będziesz codziennie pracować z {skill} i {skill2}.",
        "Wymagamy doświadczenia z {skill}; znajomość {skill2} będzie atutem.",
        "Oferujemy umowę o pracę, prywatną opiekę medyczną i kartę sportową.",
        "Miejsce pracy: {city}, możliwa praca hybrydowa.",
    ],
}
BENEFITS: dict[str, list[str]] = {
    "en": [
        "Private health insurance",
        "Pension plan",
        "30 days of paid holiday",
        "Learning budget",
        "Remote-friendly",
        "Gym membership",
        "Parental leave",
        "Stock options",
    ],
    "de": [
        "30 Tage Urlaub",
        "Betriebliche Altersvorsorge",
        "Jobticket",
        "Weiterbildungsbudget",
        "Homeoffice",
        "Jobrad",
    ],
    "fr": ["Tickets restaurant", "Mutuelle", "RTT", "Télétravail", "Prime annuelle"],
    "es": ["Seguro médico", "Horario flexible", "Teletrabajo", "Formación"],
    "nl": ["Pensioenregeling", "Thuiswerken", "Opleidingsbudget", "Leaseauto"],
    "it": ["Buoni pasto", "Smart working", "Assicurazione sanitaria"],
    "pt": ["Seguro de saúde", "Trabalho híbrido", "Formação"],
    "pl": ["Prywatna opieka medyczna", "Karta sportowa", "Praca hybrydowa"],
}
INDUSTRIES = [
    "fintech",
    "healthcare",
    "e-commerce",
    "logistics",
    "energy",
    "media",
    "travel",
    "education",
    "insurance",
    "retail",
    "manufacturing",
    "gaming",
]
NAME_PARTS = [
    "nor",
    "ver",
    "lum",
    "tex",
    "ax",
    "el",
    "cor",
    "sol",
    "fin",
    "dat",
    "ari",
    "qua",
    "bel",
    "mar",
    "zen",
    "tor",
    "kal",
    "vio",
    "pro",
    "neo",
    "gal",
    "tri",
    "ori",
    "pan",
    "hel",
    "sta",
    "rin",
    "bra",
    "mon",
    "dex",
    "ly",
    "on",
    "ra",
    "ve",
]
NAME_SUFFIXES = [
    "Labs",
    "Systems",
    "Group",
    "GmbH",
    "SA",
    "Analytics",
    "Health",
    "Logistics",
    "Software",
    "Partners",
    "Foods",
    "Energy",
    "Retail",
    "BV",
    "Ltd",
]

# Words for the ranked-search mix, by how many postings hold them (see the README).
RARE_WORDS = ["fortran", "cobol", "ocaml", "nomad", "phlebotomy"]
MID_WORDS = ["kubernetes", "barista", "accountant", "terraform", "figma"]
COMMON_WORDS = ["team", "experience", "engineer", "customer"]


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, n + 1)]


def uuid7(rng: random.Random, moment: datetime) -> uuid.UUID:
    """A UUIDv7 for ``moment`` (random bits from ``rng``): what Uuid7Generator makes."""
    ms = int(moment.timestamp() * 1000)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= rng.getrandbits(12) << 64
    value |= 0b10 << 62
    value |= rng.getrandbits(62)
    return uuid.UUID(int=value)


def slugify(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


@dataclass
class Catalogue:
    """The requirement catalogue: rows for requirements and requirement_terms."""

    ids: dict[str, uuid.UUID]  # name -> id (merged names point to their own row)
    kinds: dict[str, str]
    requirement_rows: list[tuple[Any, ...]]
    term_rows: list[tuple[Any, ...]]


class Generator:
    """Rows for a board of ``postings`` postings, the same for the same seed."""

    def __init__(self, postings: int, seed: int, now: datetime | None = None) -> None:
        self.total = postings
        self.seed = seed
        self.now = now or datetime.now(UTC)
        self.rng = random.Random(seed)
        self.catalogue = self._catalogue()
        self.companies = self._companies()

    # -------------------------------------------------------------- catalogue

    def _catalogue(self) -> Catalogue:
        rng = random.Random(self.seed + 1)
        created = self.now - timedelta(days=400)
        kinds: dict[str, str] = {}
        for family in FAMILIES:
            for skill in family.skills:
                kinds.setdefault(skill, "certification" if skill in ("CPA", "ACCA") else "skill")
        for language in SPOKEN.values():
            kinds[language] = "language"
        for degree in DEGREES:
            kinds[degree] = "degree"
        for certificate in CERTIFICATIONS:
            kinds[certificate] = "certification"
        kinds["Management Experience"] = "experience"
        ids = {name: uuid7(rng, created) for name in kinds}
        requirement_rows: list[tuple[Any, ...]] = []
        term_rows: list[tuple[Any, ...]] = []
        for name, kind in kinds.items():
            requirement_rows.append((ids[name], name, kind, "active", None, created, created, 1))
            term_rows.append((" ".join(name.split()).casefold(), ids[name]))
        for alias, target in MERGED.items():
            ids[alias] = uuid7(rng, created)
            kinds[alias] = kinds[target]
            merged_at = created + timedelta(days=30)
            requirement_rows.append(
                (ids[alias], alias, kinds[target], "merged", ids[target], created, merged_at, 2)
            )
            # A merge moves the merged entry's terms to its target.
            term_rows.append((alias.casefold(), ids[target]))
        return Catalogue(ids, kinds, requirement_rows, term_rows)

    # -------------------------------------------------------------- companies

    def _companies(self) -> list[tuple[Any, ...]]:
        rng = random.Random(self.seed + 2)
        count = max(5, self.total // 40)
        languages = list(LANGUAGES)
        language_weights = [LANGUAGES[lang][0] for lang in languages]
        rows: list[tuple[Any, ...]] = []
        slugs: set[str] = set()
        for i in range(count):
            name = (
                "".join(rng.choice(NAME_PARTS) for _ in range(rng.choice((2, 2, 3)))).capitalize()
                + " "
                + rng.choice(NAME_SUFFIXES)
            )
            slug = slugify(name)
            if slug in slugs:
                slug = f"{slug}-{i}"
            slugs.add(slug)
            language = rng.choices(languages, language_weights)[0]
            country = _pick(rng, LANGUAGES[language][1])
            created = self.now - timedelta(days=rng.uniform(200, 3000))
            # Most companies are verified; a few wait for it and a few are suspended.
            roll = rng.random()
            status, before, reason = "verified", None, None
            if roll < 0.03:
                status = "pending"
            elif roll < 0.05:
                status, before, reason = "suspended", "verified", "unpaid invoices"
            website = f"https://{slug}.example" if rng.random() < 0.9 else None
            description = f"{name} builds products for the {rng.choice(INDUSTRIES)} industry."
            rows.append(
                (
                    uuid7(rng, created),
                    slug,
                    name,
                    website,
                    description,
                    country,
                    status,
                    before,
                    reason,
                    created,
                    created + timedelta(days=rng.uniform(0, 100)),
                    1 if status == "pending" else 2 if status == "verified" else 3,
                )
            )
        return rows

    # -------------------------------------------------------------- postings

    def postings(
        self, batch: int = 10_000
    ) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
        """Batches of (posting rows, posting_requirement rows), oldest postings first."""
        rng = self.rng
        companies = self.companies
        company_weights = list(itertools.accumulate(zipf_weights(len(companies), 0.9)))
        languages = list(LANGUAGES)
        language_weights = list(itertools.accumulate(LANGUAGES[lang][0] for lang in languages))
        family_weights = list(itertools.accumulate(f.weight for f in FAMILIES))
        skill_weights = {
            f.name: list(itertools.accumulate(zipf_weights(len(f.skills)))) for f in FAMILIES
        }
        seniorities = [s for s, _ in SENIORITY]
        seniority_weights = list(itertools.accumulate(w for _, w in SENIORITY))
        # Creation times spread over the last 120 days, in order (ids are time ordered).
        span = timedelta(days=120).total_seconds()
        start = self.now - timedelta(days=120)
        postings: list[tuple[Any, ...]] = []
        requirements: list[tuple[Any, ...]] = []
        for i in range(self.total):
            created = start + timedelta(seconds=span * (i + rng.random()) / self.total)
            company = companies[rng.choices(range(len(companies)), cum_weights=company_weights)[0]]
            # A company writes mostly in its country's language.
            language = (
                _language_of(company[5])
                if rng.random() < 0.7
                else rng.choices(languages, cum_weights=language_weights)[0]
            )
            family = rng.choices(FAMILIES, cum_weights=family_weights)[0]
            seniority = (
                rng.choices(seniorities, cum_weights=seniority_weights)[0]
                if rng.random() < 0.85
                else None
            )
            country = company[5] if rng.random() < 0.6 else _pick(rng, LANGUAGES[language][1])
            row, names = self._posting(
                rng, i, created, company, language, country, family, seniority, skill_weights
            )
            postings.append(row)
            for position, (name, importance, min_years, detail) in enumerate(names):
                requirements.append(
                    (row[0], position, self.catalogue.ids[name], importance, min_years, detail)
                )
            if len(postings) >= batch:
                yield postings, requirements
                postings, requirements = [], []
        if postings:
            yield postings, requirements

    def _posting(
        self,
        rng: random.Random,
        i: int,
        created: datetime,
        company: tuple[Any, ...],
        language: str,
        country: str,
        family: Family,
        seniority: str | None,
        skill_weights: dict[str, list[float]],
    ) -> tuple[tuple[Any, ...], list[tuple[str, str, int | None, str | None]]]:
        titles = family.titles.get(language) or family.titles["en"]
        role = rng.choice(titles)
        words = SENIORITY_WORD.get(language, SENIORITY_WORD["en"])
        title = f"{words[seniority]} {role}" if seniority in words else role
        # Requirements: 2-7 skills of the family, Zipf-like; often a spoken language.
        count = rng.randint(2, 7)
        picked: list[str] = []
        for skill in rng.choices(family.skills, cum_weights=skill_weights[family.name], k=count):
            if rng.random() < 0.03:
                skill = _merged_alias(skill)
            if skill not in picked:
                picked.append(skill)
        if rng.random() < 0.5:
            picked.append(SPOKEN[language])
        if rng.random() < 0.2:
            picked.append(rng.choice(DEGREES))
        if rng.random() < 0.04:
            picked.append(rng.choice(CERTIFICATIONS))
        if seniority in ("lead", "principal", "executive") and rng.random() < 0.5:
            picked.append("Management Experience")
        requirement_rows = [
            (
                name,
                "must" if rng.random() < 0.6 else "nice",
                rng.randint(1, 8) if rng.random() < 0.4 else None,
                "in production" if rng.random() < 0.05 else None,
            )
            for name in picked
        ]
        city = _pick(rng, CITIES[country]) if rng.random() < 0.92 else None
        locations = [{"country": country, "city": city}]
        if rng.random() < 0.08:
            other = _pick(rng, CITIES[country])
            if other != city:
                locations.append({"country": country, "city": other})
        workplace = rng.choices(("onsite", "hybrid", "remote"), (55, 30, 15))[0]
        remote = (
            sorted({country, *rng.sample(sorted(PAY), rng.randint(0, 3))})
            if workplace == "remote"
            else []
        )
        employment = rng.choices(
            ("full_time", "part_time", "contract", "temporary", "internship"), (78, 9, 8, 3, 2)
        )[0]
        if seniority == "intern":
            employment = "internship"
        salary: tuple[Decimal, Decimal, str, str] | None = None
        if rng.random() < 0.7:
            currency, level = PAY[country]
            annual = (
                family.base_pay_usd
                * level
                * SENIORITY_PAY[seniority or "mid"]
                * rng.lognormvariate(0, 0.18)
            )
            period = "year"
            if employment in ("part_time", "temporary") or family.base_pay_usd < 55_000:
                period = rng.choices(("hour", "month", "year"), (50, 25, 25))[0]
            elif employment == "contract":
                period = rng.choices(("day", "hour", "year"), (60, 25, 15))[0]
            elif country in ("DE", "AT", "FR", "ES", "IT", "PT", "BR", "PL", "MX", "AR", "IN"):
                period = rng.choices(("year", "month"), (70, 30))[0]
            per = {"hour": 2080, "day": 260, "month": 12, "year": 1}[period]
            step = {"hour": 1, "day": 10, "month": 50, "year": 1000}[period]
            low = max(step, round(annual / per / step) * step)
            high = low + step * rng.randint(0, max(1, round(low * 0.25 / step)))
            salary = (Decimal(low), Decimal(high), currency, period)
        description = self._description(rng, language, company[2], role, city or country, picked)
        duties = (
            rng.sample(family.duties, min(len(family.duties), rng.randint(2, 5)))
            if language == "en" or rng.random() < 0.3
            else []
        )
        benefits = rng.sample(BENEFITS[language], rng.randint(0, min(4, len(BENEFITS[language]))))
        status = "published"
        published: datetime | None = min(
            created + timedelta(minutes=rng.uniform(1, 600)), self.now - timedelta(seconds=1)
        )
        valid: datetime | None = None
        ended: datetime | None = None
        version = 1
        roll = rng.random()
        assert published is not None
        if roll < 0.05:
            status, published = "draft", None
        elif roll < 0.09:
            status, ended = "closed", published + timedelta(days=rng.uniform(1, 20))
            valid = published + timedelta(days=60)
            version = 3
        elif roll < 0.11:
            status, valid = "expired", published + timedelta(days=rng.uniform(7, 14))
            version = 3
        else:
            valid = published + timedelta(days=rng.choice((30, 60, 60, 90, 180)))
            version = 2 + (1 if rng.random() < 0.2 else 0)
            if valid <= self.now:  # lapsed but not yet expired by the admin command
                valid = self.now + timedelta(days=rng.uniform(1, 30))
        if status == "expired":
            ended = valid
        updated = ended or published or created
        posting_id = uuid7(rng, created)
        row = (
            posting_id,
            company[0],
            status,
            title,
            description,
            language,
            orjson.dumps(locations).decode(),
            remote,
            workplace,
            employment,
            seniority,
            salary[0] if salary else None,
            salary[1] if salary else None,
            salary[2] if salary else None,
            salary[3] if salary else None,
            orjson.dumps(duties).decode(),
            orjson.dumps(benefits).decode(),
            published,
            valid,
            ended,
            None,
            created,
            updated,
            version,
        )
        return row, requirement_rows

    def _description(
        self,
        rng: random.Random,
        language: str,
        company: str,
        role: str,
        city: str,
        skills: Sequence[str],
    ) -> str:
        sentences = SENTENCES[language]
        chosen = [
            sentences[0],
            *rng.sample(sentences[1:], min(len(sentences) - 1, rng.randint(3, 8))),
        ]
        skill = skills[0] if skills else "teamwork"
        skill2 = skills[1] if len(skills) > 1 else skill
        industry = rng.choice(INDUSTRIES)
        return " ".join(
            s.format(
                company=company, role=role, city=city, skill=skill, skill2=skill2, industry=industry
            )
            for s in chosen
        )


POSTING_COLUMNS = (
    "id",
    "company_id",
    "status",
    "title",
    "description",
    "language",
    "locations",
    "remote_countries",
    "workplace",
    "employment_type",
    "seniority",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "responsibilities",
    "benefits",
    "published_at",
    "valid_through",
    "ended_at",
    "take_down_reason",
    "created_at",
    "updated_at",
    "version",
)
POSTING_REQUIREMENT_COLUMNS = (
    "posting_id",
    "position",
    "requirement_id",
    "importance",
    "min_years",
    "detail",
)
COMPANY_COLUMNS = (
    "id",
    "slug",
    "name",
    "website",
    "description",
    "country",
    "status",
    "status_before_suspension",
    "suspension_reason",
    "created_at",
    "updated_at",
    "version",
)
REQUIREMENT_COLUMNS = (
    "id",
    "name",
    "kind",
    "status",
    "merged_into",
    "created_at",
    "updated_at",
    "version",
)
TERM_COLUMNS = ("term", "requirement_id")


def _pick(rng: random.Random, weighted: list[tuple[T, float]]) -> T:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


_COUNTRY_LANGUAGE = {
    "US": "en",
    "GB": "en",
    "IE": "en",
    "CA": "en",
    "AU": "en",
    "IN": "en",
    "DE": "de",
    "AT": "de",
    "CH": "de",
    "FR": "fr",
    "BE": "nl",
    "ES": "es",
    "MX": "es",
    "AR": "es",
    "NL": "nl",
    "IT": "it",
    "PT": "pt",
    "BR": "pt",
    "PL": "pl",
}


def _language_of(country: str) -> str:
    return _COUNTRY_LANGUAGE.get(country, "en")


_ALIAS_OF = {target: alias for alias, target in MERGED.items()}


def _merged_alias(skill: str) -> str:
    """Now and then a posting names a skill by an entry since merged into it."""
    return _ALIAS_OF.get(skill, skill)
