"""
What the generated archive is written with: the names of groups, people and
places, the templates of press releases, and the words quotes are made of.

The words are the archive's own register: domain words, general English and
syllables for the rare made-up words of the long tail (``Writer`` weighs
them). Organisations and people have the spelling variants researchers meet
("Kata'ib"/"Kataib", "al-"/"al ").
"""


def _words(text):
    return text.split()


# (name, short name, aliases)
REAL_ORGANIZATIONS = [
    ("ISIS", "", ["ISIL", "Daesh", "the Islamic State",
                  "Islamic State of Iraq and Syria"]),
    ("Kata'ib Hezbollah", "KH", ["Kataib Hizballah", "Hezbollah Brigades"]),
    ("al-Qaeda", "AQ", ["al-Qaida", "al Qaeda"]),
    ("Hezbollah", "", ["Hizballah", "Hizbullah", "Party of God"]),
    ("Boko Haram", "JAS", ["Jama'atu Ahlis Sunna Lidda'awati wal-Jihad"]),
    ("al-Shabaab", "", ["Harakat al-Shabaab al-Mujahideen", "al-Shabab"]),
    ("Hayat Tahrir al-Sham", "HTS", ["Jabhat al-Nusra", "Nusra Front"]),
    ("Asa'ib Ahl al-Haq", "AAH", ["League of the Righteous", "Khazali Network"]),
    ("Ansar Allah", "", ["Houthis", "Houthi movement"]),
    ("Hamas", "", ["Harakat al-Muqawama al-Islamiya"]),
    ("Atomwaffen Division", "AWD", ["National Socialist Order"]),
    ("The Base", "", []),
]  # fmt: skip
# (name, aliases, position of their organisation in REAL_ORGANIZATIONS)
REAL_PEOPLE = [
    ("Abu Bakr al-Baghdadi", ["Ibrahim Awad al-Badri", "Abu Du'a"], 0),
    ("Abu Ali al-Askari", ["Abu Ali al-Asgari"], 1),
    ("Ayman al-Zawahiri", ["Ayman al-Zawahri"], 2),
    ("Hassan Nasrallah", ["Hasan Nasrallah"], 3),
    ("Abubakar Shekau", ["Abu Bakr Shekau"], 4),
    ("Qais al-Khazali", ["Qais al-Khaz'ali"], 7),
]
ORG_PREFIXES = [
    "Jaysh", "Liwa", "Saraya", "Harakat", "Ansar", "Jama'at", "Kata'ib",
    "Asa'ib", "Tanzim", "Jabhat", "Majlis", "Hizb", "Front for the",
    "Brigades of", "Movement of",
]  # fmt: skip
ORG_CORES = [
    "al-Haq", "al-Nasr", "al-Tawhid", "al-Jihad", "al-Sham", "al-Furqan",
    "al-Islam", "Ahl al-Sunna", "al-Mahdi", "al-Ummah", "al-Fath", "al-Qassam",
    "al-Aqsa", "al-Rafidayn", "al-Imam", "Sayyid al-Shuhada", "Khorasan",
    "al-Muhajirin", "al-Ansar", "Salah al-Din", "al-Abbas", "al-Mukhtar",
    "Hurras al-Din", "al-Sahel", "West Africa", "Sinai", "Maghreb",
]  # fmt: skip
FIRST_NAMES = [
    "Abu Bakr", "Abu Ali", "Abu Muhammad", "Abu Omar", "Abu Hamza", "Ayman",
    "Hassan", "Qais", "Akram", "Abdullah", "Ibrahim", "Yusuf", "Khalid",
    "Mustafa", "Hamid", "Jamal", "Salih", "Anwar", "Mokhtar", "Abubakar",
    "Nasser", "Hashem", "Faleh", "Ahmad", "Mahmoud", "Said", "Hussein",
    "Umar", "Hamza", "Zaid",
]  # fmt: skip
SURNAMES = [
    "al-Askari", "al-Muhandis", "al-Khazali", "al-Zawahiri", "al-Baghdadi",
    "al-Adnani", "al-Masri", "al-Libi", "al-Hashimi", "al-Qurashi",
    "al-Kaabi", "al-Fayyadh", "al-Amiri", "al-Hamidawi", "al-Jolani",
    "al-Muhajir", "al-Ansari", "al-Shami", "al-Tunisi", "al-Somali",
    "al-Iraqi", "al-Yemeni", "Shekau", "Barnawi", "Nasrallah", "Qassem",
    "Haniyeh", "Sinwar", "Raad", "Safieddine", "al-Houthi", "Abdulsalam",
    "al-Rubaish", "al-Awlaki", "Khan", "Mehsud", "Haqqani", "Omar",
]  # fmt: skip
ROLES = [
    "Security Official", "Spokesman", "Commander", "Leader", "Emir",
    "Secretary-General", "Political Bureau Member", "Military Official",
    "Founder", "Deputy Leader", "Media Official", "",
]  # fmt: skip
COUNTRIES = [
    "Iraq", "Syria", "Yemen", "Lebanon", "Afghanistan", "Somalia", "Nigeria",
    "Iran", "Libya", "Mali", "Egypt", "Pakistan", "Germany", "France",
    "United Kingdom", "United States", "Belgium", "Sweden", "Kenya",
    "Mozambique", "Philippines", "Indonesia", "Tunisia", "Algeria", "Jordan",
    "Saudi Arabia", "Turkey", "Niger", "Burkina Faso", "Chad",
]  # fmt: skip
CITIES = [
    "Baghdad", "Mosul", "Raqqa", "Damascus", "Beirut", "Sanaa", "Kabul",
    "Mogadishu", "Maiduguri", "Tripoli", "Bamako", "Cairo", "Karachi",
    "Berlin", "Paris", "London", "New York", "Brussels", "Stockholm",
    "Nairobi", "Basra", "Idlib", "Aleppo", "Kirkuk", "Erbil",
]  # fmt: skip
TOPIC_TAGS = [
    "ISIS", "Iraq", "Syria", "Iran", "Hezbollah", "al-Qaeda", "Foreign Fighters",
    "Online Extremism", "Sanctions", "Terrorist Financing", "Propaganda",
    "Recruitment", "Militias", "Drones", "Kidnapping", "Women in Extremism",
    "Youth Radicalisation", "Prisons", "Returnees", "White Supremacy",
    "Antisemitism", "Social Media", "Encryption", "Crypto Funding",
    "Counter-Narratives", "Deradicalisation", "Lone Actors", "Yemen",
    "Lebanon", "Afghanistan", "Sahel", "Europe", "United States", "Germany",
    "Boko Haram", "al-Shabaab", "Hamas", "Houthis", "Taliban", "IRGC",
]  # fmt: skip
MORE_TAGS = ["{city} Attack {n}", "{country} Report {n}", "{org} {n}"]
OUTLETS = [
    "Al-Manar", "Amaq", "Al-Naba", "Telegram", "a video statement",
    "a Friday sermon", "Reuters", "state television", "a press conference",
    "an audio message", "X", "a rally", "Al-Mayadeen", "a leaflet",
]  # fmt: skip
THREAT_OBJECTS = [
    "American forces", "the occupiers", "the crusaders", "the apostate regime",
    "foreign embassies", "the coalition", "Western capitals", "Israel",
    "the government in Baghdad", "the infidels", "the traitors", "the enemy",
]  # fmt: skip
CLAIMS = [
    "the resistance will not lay down its weapons",
    "every soldier on our land is a legitimate target",
    "our fighters are ready to die for the cause",
    "the war will continue until the last occupier leaves",
    "the believers must rise against {target}",
    "we will take revenge for our martyrs",
    "the caliphate will return stronger than before",
    "no negotiation is possible with {target}",
    "our drones can reach {city} whenever we decide",
    "the blood of our brothers will not be wasted",
    "{target} will pay a heavy price",
    "the sanctions will not stop the flow of money to the front",
    "we have trained thousands of recruits this year",
    "those who cooperate with {target} are traitors",
]  # fmt: skip
QUOTE_CONTEXT = "In response to the strikes on {city}:"
PRESS_VERBS = [
    "Calls On", "Urges", "Condemns", "Warns Of", "Welcomes", "Applauds",
    "Releases Report On", "Testifies On", "Exposes", "Tracks",
]  # fmt: skip
PRESS_SUBJECTS = [
    "Tech Companies To Remove {org} Propaganda",
    "Sanctions Against {org} Leaders",
    "{person}'s Threats Against {country}",
    "{org} Recruitment In {country}",
    "Online Fundraising By {org}",
    "New Attacks In {city}",
    "{org}'s Use Of Encrypted Messaging",
    "Designation Of {org} As A Terrorist Organisation",
    "Rise Of Extremist Content After {city} Attack",
    "{org} Financing Networks In {country}",
]  # fmt: skip
PRESS_SENTENCES = [
    "{org} has repeatedly threatened {target}, and its leaders continue to "
    "incite violence across {country}.",
    "According to {project} research, {org} accounts posted more than {n} "
    "pieces of propaganda in the last month alone.",
    "{person}, a senior {org} figure, said in {outlet} that {claim}.",
    "The {project} has called on governments in {country} and elsewhere to "
    "act against the networks that finance {org}.",
    "Researchers documented {n} attacks attributed to {org} around {city} "
    "since the beginning of the year.",
    "Content promoting {org} remained available on major platforms weeks "
    "after it was first reported.",
    "{person} has been designated by the U.S. Treasury, yet continues to "
    "raise money openly online.",
    "The statement follows the arrest of {n} suspected {org} members in "
    "{city} and the seizure of weapons and cash.",
    "Experts warn that {org} is exploiting the instability in {country} to "
    "recruit young men from the surrounding districts.",
    "{project} CEO said the findings show that voluntary measures by tech "
    "companies have failed to stop the spread of extremist material.",
]  # fmt: skip
PRESS_HEADING = "{org} in {country}"
DATELINES = [
    "New York, N.Y.", "Washington, D.C.", "Berlin, Germany", "London, U.K.",
    "Brussels, Belgium", "",
]  # fmt: skip
RESOURCE_TITLES = [
    "{org} in {country}",
    "Extremist Financing in {country}",
    "{city}: Attacks and Arrests",
    "Online Propaganda of {org}",
    "Foreign Fighters from {country}",
]
PROJECT = "Counter Extremism Project"

DOMAIN_WORDS = _words(
    """
jihad caliphate martyrdom martyr infidels crusaders apostates mujahideen
occupation resistance struggle victory enemy brothers sacrifice faith
holy war fighters weapons attack strike bombing rockets drones militia
brigades commander emir leader soldiers army front battle operation
revenge blood paradise allah god believers nation ummah sharia law
prophet mosque jerusalem baghdad damascus mosul raqqa kabul sanaa beirut
iraq syria yemen lebanon afghanistan somalia nigeria iran america
american americans israel zionist zionists west western europe rome
bases embassy troops withdrawal sanctions oil revenue money funding
recruits training camp prison prisoners hostages ransom tunnel border
statement warning threat promise pledge allegiance oath banner flag
"""
)
GENERAL_WORDS = _words(
    """
people world time year years day days land city cities country countries
government state states power forces force group groups men women children
families home homes future history truth lies words voice hearts hands
great new old first last long small large young strong weak free
must will shall never always again today tomorrow soon until every
fight kill destroy defend protect return rise fall win lose stand
know see say said tell call make take give come leave stay hold
water fire earth sky night morning road path way river mountain desert
"""
)
SYLLABLES = _words(
    "al ab ad ak am an ar as az ba da fa ha ja ka la ma na qa ra sa ta wa za "
    "bi di fi hi ji ki li mi ni ri si ti zi bu du fu hu ju ku lu mu nu ru su tu "
    "har sham dar bak mal nas jab kar sal tah rah hak dil fad ras mir zar qir"
)
