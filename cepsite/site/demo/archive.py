"""
Demo items for the archive of extremists' own words: quotes, facts and tweets.

``said`` is a partial date: "2014-06-29" is known to the day, "2014-08" to the
month, "2014" to the year, and ``None`` means undetermined. ``person`` and
``organization`` are slugs from ``reference``.
"""

PARAPHRASE = "Demo archive: paraphrase of widely reported remarks"
COMPOSITE = "Demo archive: composite statement written for illustration"
COMPOSITE_POST = "Demo archive: composite post written for illustration"
REPORTING = "Demo archive: summary of public reporting"

QUOTES = [
    # ISIS
    {
        "kind": "quote",
        "person": "abu-bakr-al-baghdadi",
        "organization": "isis",
        "role": "Self-declared Caliph",
        "context": "In his sermon at the Great Mosque of al-Nuri in Mosul:",
        "text": "I have been placed in authority over you, though I am not the "
        "best of you. If you see me acting rightly, support me; if you see me "
        "acting wrongly, advise me.",
        "said": "2014-07-04",
        "source": PARAPHRASE,
        "tags": ["isis", "iraq"],
    },
    {
        "kind": "quote",
        "person": "abu-muhammad-al-adnani",
        "organization": "isis",
        "role": "Spokesman",
        "context": "Announcing the so-called caliphate:",
        "text": "With the declaration of the caliphate, the legitimacy of every "
        "emirate, group and organisation becomes void wherever its authority "
        "arrives.",
        "said": "2014-06-29",
        "source": PARAPHRASE,
        "tags": ["isis", "iraq", "syria"],
    },
    {
        "kind": "fact",
        "organization": "isis",
        "text": "ISIS captured Mosul, Iraq's second-largest city, after Iraqi "
        "security forces withdrew. The group held the city for more than three "
        "years.",
        "said": "2014-06-10",
        "tags": ["isis", "iraq"],
    },
    {
        "kind": "fact",
        "organization": "isis",
        "text": "ISIS overran the Sinjar region of northern Iraq. A United Nations "
        "commission of inquiry later concluded that the group's crimes against "
        "the Yazidi community amounted to genocide.",
        "said": "2014-08",
        "tags": ["isis", "iraq"],
    },
    {
        "kind": "fact",
        "organization": "isis",
        "text": "U.S. Treasury officials estimated that ISIS was earning as much "
        "as $1 million a day from black-market oil sales at the height of its "
        "territorial control.",
        "said": "2014-10",
        "tags": ["isis", "financing", "iraq", "syria"],
    },
    {
        "kind": "quote",
        "person": "abu-hudhayfa-al-ramadi",
        "organization": "isis",
        "role": "Media Official",
        "text": "Our media is our weapon. A single release shared a thousand times "
        "does more for our cause than a battalion.",
        "said": "2015",
        "source": COMPOSITE,
        "tags": ["isis", "online-extremism"],
    },
    {
        "kind": "fact",
        "organization": "isis",
        "text": "Iraq's prime minister declared victory over ISIS, announcing that "
        "Iraqi forces had retaken all the territory the group had held in the "
        "country.",
        "said": "2017-12-09",
        "tags": ["isis", "iraq"],
    },
    {
        "kind": "fact",
        "organization": "isis",
        "text": "The Syrian Democratic Forces announced the capture of Baghuz, the "
        "last village held by ISIS in eastern Syria, ending the group's "
        "territorial control.",
        "said": "2019-03-23",
        "tags": ["isis", "syria"],
    },
    {
        "kind": "fact",
        "organization": "isis",
        "text": "Abu Bakr al-Baghdadi died during a U.S. special operations raid "
        "in Syria's Idlib province.",
        "said": "2019-10-27",
        "tags": ["isis", "syria"],
    },
    {
        "kind": "fact",
        "organization": "isis",
        "text": "A Europol-coordinated action with Telegram removed thousands of "
        "accounts and channels used to spread ISIS propaganda.",
        "said": "2019-11",
        "tags": ["isis", "online-extremism"],
    },
    {
        "kind": "tweet",
        "organization": "isis",
        "context": "Posted on a pro-ISIS channel after a takedown campaign:",
        "text": "They close our channels and we open new ones. Words cannot be "
        "arrested.",
        "said": "2019-12",
        "source": COMPOSITE_POST,
        "tags": ["isis", "online-extremism"],
    },
    {
        "kind": "quote",
        "organization": "isis",
        "context": "In an editorial of the group's weekly newsletter:",
        "text": "The fall of a village is not the fall of a state. The state "
        "remains, in the deserts and in the hearts of its soldiers.",
        "said": "2020",
        "source": COMPOSITE,
        "tags": ["isis", "syria", "iraq"],
    },
    {
        "kind": "quote",
        "person": "abu-hudhayfa-al-ramadi",
        "organization": "isis",
        "role": "Media Official",
        "text": "Whoever tells the story decides who has won.",
        "said": None,
        "source": COMPOSITE,
        "draft": True,
        "tags": ["isis", "online-extremism"],
    },
    {
        "kind": "fact",
        "organization": "isis",
        "text": "ISIS claimed responsibility for the attack on the Crocus City Hall "
        "concert venue near Moscow, in which more than 140 people were killed.",
        "said": "2024-03-22",
        "tags": ["isis"],
    },
    # Kata'ib Hezbollah and the IRGC-Quds Force
    {
        "kind": "quote",
        "person": "abu-ali-al-askari",
        "organization": "kataib-hezbollah",
        "role": "Security Official",
        "context": "After the strike near Baghdad airport:",
        "text": "Foreign forces have no place on the soil of Iraq. Their departure "
        "is not a request; it is the will of the Iraqi people.",
        "said": "2020-01",
        "source": COMPOSITE,
        "tags": ["kataib-hezbollah", "iraq", "iran"],
    },
    {
        "kind": "tweet",
        "person": "abu-ali-al-askari",
        "organization": "kataib-hezbollah",
        "role": "Security Official",
        "text": "The resistance is watching every base and every convoy. Patience "
        "has limits.",
        "said": "2023-10",
        "source": COMPOSITE_POST,
        "tags": ["kataib-hezbollah", "iraq"],
    },
    {
        "kind": "tweet",
        "person": "abu-ali-al-askari",
        "organization": "kataib-hezbollah",
        "role": "Security Official",
        "text": "Those who call us militias forget who stood in the breach in 2014.",
        "said": None,
        "source": COMPOSITE_POST,
        "tags": ["kataib-hezbollah", "iraq", "isis"],
    },
    {
        "kind": "quote",
        "organization": "kataib-hezbollah",
        "context": "In a statement days after the Tower 22 attack:",
        "text": "We announce the suspension of military and security operations "
        "against the occupation forces, so as not to embarrass the Iraqi "
        "government.",
        "said": "2024-01-30",
        "source": PARAPHRASE,
        "tags": ["kataib-hezbollah", "iraq"],
    },
    {
        "kind": "fact",
        "organization": "kataib-hezbollah",
        "text": "Kata'ib Hezbollah founder Abu Mahdi al-Muhandis and IRGC-Quds "
        "Force commander Qasem Soleimani were killed in a U.S. strike near "
        "Baghdad International Airport.",
        "said": "2020-01-03",
        "tags": ["kataib-hezbollah", "iraq", "iran"],
    },
    {
        "kind": "fact",
        "organization": "kataib-hezbollah",
        "text": "Three U.S. soldiers were killed in a drone attack on the Tower 22 "
        "outpost in Jordan. U.S. officials attributed the attack to Iran-backed "
        "militias, including Kata'ib Hezbollah.",
        "said": "2024-01-28",
        "tags": ["kataib-hezbollah", "iran"],
    },
    {
        "kind": "fact",
        "organization": "kataib-hezbollah",
        "text": "Kata'ib Hezbollah has been designated a Foreign Terrorist "
        "Organization by the United States since 2009.",
        "said": None,
        "tags": ["kataib-hezbollah", "sanctions"],
    },
    {
        "kind": "quote",
        "person": "abu-zayd-al-basri",
        "organization": "kataib-hezbollah",
        "role": "Online Commentator",
        "text": "The ballot box and the rifle are not rivals. Both serve the "
        "resistance.",
        "said": "2022",
        "source": COMPOSITE,
        "scheduled_in_days": 6,
        "tags": ["kataib-hezbollah", "iraq"],
    },
    {
        "kind": "tweet",
        "organization": "kataib-hezbollah",
        "text": "Every drone over our brigades is a message. We have received it, "
        "and we will answer in our own time.",
        "said": "2021-06",
        "source": COMPOSITE_POST,
        "tags": ["kataib-hezbollah", "iraq", "iran"],
    },
    {
        "kind": "quote",
        "person": "abu-zayd-al-basri",
        "organization": "kataib-hezbollah",
        "role": "Online Commentator",
        "context": "On the Popular Mobilization Forces payroll:",
        "text": "The state pays the salaries, but the men know whose orders they "
        "follow.",
        "said": "2023-05",
        "source": COMPOSITE,
        "tags": ["kataib-hezbollah", "iraq", "financing"],
    },
    {
        "kind": "quote",
        "person": "qasem-soleimani",
        "organization": "irgc-quds-force",
        "role": "Commander",
        "context": "Responding to the U.S. president's warnings to Iran:",
        "text": "Mr. Trump, the gambler: know that we are near you, in places you "
        "cannot imagine.",
        "said": "2018-07-26",
        "source": PARAPHRASE,
        "tags": ["iran"],
    },
    {
        "kind": "fact",
        "organization": "irgc-quds-force",
        "text": "The United States designated Iran's Islamic Revolutionary Guard "
        "Corps, including its Quds Force, a Foreign Terrorist Organization: the "
        "first time it applied the label to part of another country's "
        "government.",
        "said": "2019-04",
        "tags": ["iran", "sanctions"],
    },
    {
        "kind": "fact",
        "organization": "irgc-quds-force",
        "text": "The Quds Force is the external operations arm of Iran's "
        "Revolutionary Guard; it trains, funds and arms partner militias in Iraq, "
        "Syria, Lebanon and Yemen.",
        "said": None,
        "tags": ["iran", "iraq", "syria", "lebanon", "yemen", "financing"],
    },
    # Al-Qaeda
    {
        "kind": "quote",
        "organization": "al-qaeda",
        "context": "Disavowing ISIS in a statement of its General Command:",
        "text": "ISIS is not a branch of al-Qaeda. We have no organisational "
        "relationship with it, and we are not responsible for its actions.",
        "said": "2014-02",
        "source": PARAPHRASE,
        "tags": ["al-qaeda", "isis", "syria"],
    },
    {
        "kind": "quote",
        "person": "ayman-al-zawahiri",
        "organization": "al-qaeda",
        "role": "Leader",
        "context": "In a video message:",
        "text": "We announce the formation of a new branch, al-Qaeda in the Indian "
        "Subcontinent, to carry our banner across the region.",
        "said": "2014-09-03",
        "source": PARAPHRASE,
        "tags": ["al-qaeda"],
    },
    {
        "kind": "quote",
        "person": "ayman-al-zawahiri",
        "organization": "al-qaeda",
        "role": "Deputy Leader",
        "context": "In a letter to the leader of al-Qaeda in Iraq:",
        "text": "More than half of this battle is taking place on the battlefield "
        "of the media.",
        "said": "2005",
        "source": PARAPHRASE,
        "tags": ["al-qaeda", "online-extremism", "iraq"],
    },
    {
        "kind": "fact",
        "organization": "al-qaeda",
        "text": "Al-Qaeda leader Ayman al-Zawahiri was killed in a U.S. drone "
        "strike in Kabul.",
        "said": "2022-07-31",
        "tags": ["al-qaeda"],
    },
    {
        "kind": "fact",
        "organization": "al-qaeda",
        "text": "UN sanctions monitors reported that al-Qaeda's senior leadership "
        "remained present in Afghanistan after the Taliban returned to power.",
        "said": "2022",
        "tags": ["al-qaeda", "sanctions"],
    },
    {
        "kind": "tweet",
        "organization": "al-qaeda",
        "text": "Their alliance is weaker than it looks. History is patient, and "
        "so are we.",
        "said": "2023",
        "source": COMPOSITE_POST,
        "tags": ["al-qaeda", "online-extremism"],
    },
    # Hezbollah
    {
        "kind": "quote",
        "person": "hassan-nasrallah",
        "organization": "hezbollah",
        "role": "Secretary-General",
        "context": "In a televised speech:",
        "text": "Hezbollah's budget, its salaries, its expenses, its weapons and "
        "its rockets all come from the Islamic Republic of Iran.",
        "said": "2016-06-24",
        "source": PARAPHRASE,
        "tags": ["hezbollah", "iran", "financing", "lebanon"],
    },
    {
        "kind": "quote",
        "person": "hassan-nasrallah",
        "organization": "hezbollah",
        "role": "Secretary-General",
        "context": "In his first speech after the October 7 attack:",
        "text": "Our front in the south has been engaged since the eighth of "
        "October, and all options remain open.",
        "said": "2023-11-03",
        "source": PARAPHRASE,
        "tags": ["hezbollah", "lebanon", "hamas"],
    },
    {
        "kind": "fact",
        "organization": "hezbollah",
        "text": "U.S. officials estimated that Iran provided Hezbollah with as "
        "much as $700 million a year.",
        "said": "2018",
        "tags": ["hezbollah", "iran", "financing"],
    },
    {
        "kind": "fact",
        "organization": "hezbollah",
        "text": "Hassan Nasrallah, Hezbollah's secretary-general since 1992, was "
        "killed in an Israeli airstrike on the group's headquarters in Beirut's "
        "southern suburbs.",
        "said": "2024-09-27",
        "tags": ["hezbollah", "lebanon"],
    },
    {
        "kind": "tweet",
        "organization": "hezbollah",
        "text": "The loss of leaders has never ended a movement. The resistance "
        "continues.",
        "said": "2024-10",
        "source": COMPOSITE_POST,
        "tags": ["hezbollah", "lebanon"],
    },
    {
        "kind": "fact",
        "organization": "hezbollah",
        "text": "Hezbollah holds seats in Lebanon's parliament while maintaining "
        "an armed force outside the control of the Lebanese state.",
        "said": None,
        "tags": ["hezbollah", "lebanon"],
    },
    # Hamas
    {
        "kind": "fact",
        "organization": "hamas",
        "text": "Hamas-led gunmen attacked communities and military posts in "
        "southern Israel, killing about 1,200 people and taking some 250 "
        "hostages into Gaza.",
        "said": "2023-10-07",
        "tags": ["hamas", "iran"],
    },
    {
        "kind": "fact",
        "organization": "hamas",
        "text": "Hamas leader Yahya Sinwar, regarded as the main architect of the "
        "October 7 attack, was killed by Israeli forces in Rafah.",
        "said": "2024-10-16",
        "tags": ["hamas"],
    },
    {
        "kind": "fact",
        "organization": "hamas",
        "text": "Hamas published a revised political document that accepted a "
        "Palestinian state on the 1967 lines as a formula of national consensus, "
        "without recognising Israel.",
        "said": "2017-05",
        "tags": ["hamas"],
    },
    {
        "kind": "quote",
        "organization": "hamas",
        "context": "In a statement during the May fighting:",
        "text": "Jerusalem is a red line, and the occupation will learn it.",
        "said": "2021-05",
        "source": COMPOSITE,
        "tags": ["hamas"],
    },
    # Al-Shabaab
    {
        "kind": "fact",
        "organization": "al-shabaab",
        "text": "Al-Shabaab formally pledged allegiance to al-Qaeda.",
        "said": "2012-02",
        "tags": ["al-shabaab", "al-qaeda", "somalia"],
    },
    {
        "kind": "fact",
        "organization": "al-shabaab",
        "text": "A truck bombing at a busy Mogadishu intersection killed more than "
        "500 people, the deadliest attack in Somalia's history. The authorities "
        "blamed al-Shabaab.",
        "said": "2017-10-14",
        "tags": ["al-shabaab", "somalia", "africa"],
    },
    {
        "kind": "quote",
        "person": "hassan-abdi-korane",
        "organization": "al-shabaab",
        "role": "Spokesman",
        "text": "The foreign troops will leave Somalia, as every invader before "
        "them has left.",
        "said": "2019",
        "source": COMPOSITE,
        "tags": ["al-shabaab", "somalia", "africa"],
    },
    {
        "kind": "quote",
        "person": "hassan-abdi-korane",
        "organization": "al-shabaab",
        "role": "Spokesman",
        "context": "On the group's courts:",
        "text": "Our courts settle a dispute in days; the government's take years. "
        "That is why people come to us.",
        "said": "2022-08",
        "source": COMPOSITE,
        "tags": ["al-shabaab", "somalia"],
    },
    {
        "kind": "fact",
        "organization": "al-shabaab",
        "text": "Al-Shabaab raises tens of millions of dollars a year by taxing "
        "trade, farms and businesses, often through checkpoints and forced "
        "levies.",
        "said": None,
        "tags": ["al-shabaab", "financing", "somalia"],
    },
    {
        "kind": "tweet",
        "organization": "al-shabaab",
        "text": "The mujahideen hold the roads. The government holds only its own "
        "press conferences.",
        "said": "2024",
        "source": COMPOSITE_POST,
        "tags": ["al-shabaab", "somalia", "africa"],
    },
    # Boko Haram
    {
        "kind": "fact",
        "organization": "boko-haram",
        "text": "Boko Haram abducted 276 schoolgirls from a government secondary "
        "school in Chibok, in Nigeria's Borno State.",
        "said": "2014-04-14",
        "tags": ["boko-haram", "nigeria", "africa"],
    },
    {
        "kind": "fact",
        "organization": "boko-haram",
        "text": "Boko Haram leader Abubakar Shekau pledged allegiance to ISIS, "
        "which renamed the group its West Africa Province.",
        "said": "2015-03",
        "tags": ["boko-haram", "isis", "nigeria", "africa"],
    },
    {
        "kind": "quote",
        "organization": "boko-haram",
        "text": "The schools of the West have corrupted our children. We will "
        "teach them only the religion of God.",
        "said": "2016",
        "source": COMPOSITE,
        "tags": ["boko-haram", "nigeria"],
    },
    {
        "kind": "fact",
        "organization": "boko-haram",
        "text": "Abubakar Shekau died during a confrontation with fighters of the "
        "rival ISIS West Africa Province.",
        "said": "2021-05",
        "tags": ["boko-haram", "isis", "nigeria"],
    },
    # The Houthis
    {
        "kind": "fact",
        "organization": "houthis",
        "text": "Houthi forces took control of Sanaa, Yemen's capital.",
        "said": "2014-09-21",
        "tags": ["houthis", "yemen"],
    },
    {
        "kind": "fact",
        "organization": "houthis",
        "text": "The Houthi movement's official slogan, chanted at rallies and "
        "painted on walls across Sanaa, calls for death to America and Israel "
        "and a curse upon the Jews.",
        "said": None,
        "tags": ["houthis", "yemen"],
    },
    {
        "kind": "quote",
        "person": "abdul-malik-al-houthi",
        "organization": "houthis",
        "role": "Leader",
        "context": "In a televised speech:",
        "text": "Our eyes are open to track every ship linked to the Israeli enemy "
        "in the Red Sea and Bab al-Mandab.",
        "said": "2023-11",
        "source": PARAPHRASE,
        "tags": ["houthis", "yemen"],
    },
    {
        "kind": "fact",
        "organization": "houthis",
        "text": "Houthi forces seized the car carrier Galaxy Leader in the Red Sea "
        "and held its 25 crew members for more than a year.",
        "said": "2023-11-19",
        "tags": ["houthis", "yemen"],
    },
    {
        "kind": "tweet",
        "person": "yahya-saree",
        "organization": "houthis",
        "role": "Military Spokesman",
        "text": "The Yemeni armed forces affirm that their operations in the Red "
        "Sea will continue until the aggression stops.",
        "said": "2024-01",
        "source": PARAPHRASE,
        "tags": ["houthis", "yemen"],
    },
    {
        "kind": "tweet",
        "person": "yahya-saree",
        "organization": "houthis",
        "role": "Military Spokesman",
        "text": "Our forces carried out a new operation. The operation achieved "
        "its objectives, praise be to God.",
        "said": "2024-12",
        "source": COMPOSITE_POST,
        "tags": ["houthis", "yemen"],
    },
    {
        "kind": "fact",
        "organization": "houthis",
        "text": "The United States designated the Houthis a Foreign Terrorist "
        "Organization again, four years after revoking an earlier designation.",
        "said": "2025-03",
        "tags": ["houthis", "yemen", "sanctions"],
    },
    {
        "kind": "tweet",
        "person": "yahya-saree",
        "organization": "houthis",
        "role": "Military Spokesman",
        "text": "Statement of the armed forces to follow shortly.",
        "said": "2026-02",
        "source": COMPOSITE_POST,
        "scheduled_in_days": 4,
        "tags": ["houthis", "yemen"],
    },
    # Accelerationist networks
    {
        "kind": "fact",
        "organization": "the-base",
        "text": "The Base was founded as an online network of white supremacists "
        "who promote accelerationism, the belief that society's collapse should "
        "be hastened by violence.",
        "said": "2018",
        "tags": ["the-base", "accelerationism", "white-supremacy"],
    },
    {
        "kind": "tweet",
        "organization": "the-base",
        "text": "We are not a party and not a club. We are a network for those "
        "who see the collapse coming.",
        "said": "2019",
        "source": COMPOSITE_POST,
        "tags": ["the-base", "accelerationism", "online-extremism"],
    },
    {
        "kind": "fact",
        "organization": "the-base",
        "text": "The FBI arrested members of The Base in Maryland, Delaware, "
        "Georgia and Wisconsin in a series of coordinated operations.",
        "said": "2020-01",
        "tags": ["the-base", "white-supremacy"],
    },
    {
        "kind": "fact",
        "organization": "the-base",
        "text": "Journalists identified the founder of The Base, known online as "
        "Norman Spear, as Rinaldo Nazzaro, an American living in Russia.",
        "said": "2020-01",
        "tags": ["the-base", "online-extremism"],
    },
    {
        "kind": "fact",
        "organization": "the-base",
        "text": "Canada listed The Base and Atomwaffen Division as terrorist entities.",
        "said": "2021-02",
        "tags": ["the-base", "sanctions", "white-supremacy"],
    },
    {
        "kind": "fact",
        "organization": "the-base",
        "text": "The United Kingdom proscribed The Base as a terrorist organisation.",
        "said": "2021-07",
        "tags": ["the-base", "sanctions"],
    },
    {
        "kind": "fact",
        "organization": "atomwaffen-division",
        "text": "Atomwaffen Division emerged in the United States from users of a "
        "neo-Nazi web forum.",
        "said": "2015",
        "tags": ["accelerationism", "white-supremacy", "online-extremism"],
    },
    {
        "kind": "tweet",
        "organization": "atomwaffen-division",
        "text": "Their system is dying. We are what comes after.",
        "said": "2018",
        "source": COMPOSITE_POST,
        "tags": ["accelerationism", "white-supremacy", "online-extremism"],
    },
    {
        "kind": "fact",
        "organization": "atomwaffen-division",
        "text": "Atomwaffen Division announced it was disbanding after the arrest "
        "of several leaders; researchers say it re-emerged months later under a "
        "new name.",
        "said": "2020-03",
        "tags": ["accelerationism", "white-supremacy"],
    },
    {
        "kind": "fact",
        "text": "After the livestreamed attack on two mosques in Christchurch, New "
        "Zealand, in which 51 people were killed, governments and technology "
        "companies adopted the Christchurch Call to eliminate terrorist and "
        "violent extremist content online.",
        "said": "2019-05-15",
        "tags": ["online-extremism", "white-supremacy"],
    },
    {
        "kind": "fact",
        "text": "Extremist groups across ideologies have turned to cryptocurrency "
        "donations as banks and payment platforms close their accounts.",
        "said": "2026-06",
        "tags": ["financing", "online-extremism"],
    },
    {
        "kind": "quote",
        "organization": "the-base",
        "text": "Voting changes nothing. Only the collapse will clear the ground.",
        "said": None,
        "source": COMPOSITE,
        "draft": True,
        "tags": ["the-base", "accelerationism"],
    },
]
