"""Demo reference pages, and the organisations and people they describe."""

RESOURCES = [
    {
        "slug": "iraq",
        "title": "Iraq",
        "kind": "country",
        "featured": True,
        "days_ago": 900,
        "tags": ["iraq", "isis", "kataib-hezbollah", "iran"],
        "image": {
            "artwork": "desert",
            "alt": "Abstract graphic of layered sand-coloured bands crossed by a "
            "blue zigzag line, evoking a river through desert.",
            "credit": "Demo artwork generated for this site",
        },
        "summary": "Iraq has faced two distinct extremist challenges since 2014: "
        "the rise and territorial defeat of ISIS, and the growing political and "
        "military weight of Iran-backed militias.",
        "body": """
<h2>Overview</h2>
<p>Iraq was the birthplace of the group that became ISIS, and in June 2014 it
lost its second-largest city, Mosul, to the group within days. A U.S.-led
coalition and Iraqi forces, including the Popular Mobilization Forces, retook
the territory over the following three years; Baghdad declared victory in
December 2017.</p>
<h2>Extremist actors</h2>
<ul>
<li><a href="/resources/isis/">ISIS</a>, now an insurgency operating from rural
and desert areas.</li>
<li><a href="/resources/kataib-hezbollah/">Kata'ib Hezbollah</a> and other
Iran-aligned militias, some of them funded through the state payroll.</li>
</ul>
<h2>Key issues</h2>
<ol>
<li>The future of foreign forces in the country.</li>
<li>Militias' control of border crossings and the revenue they bring.</li>
<li>The return and reintegration of families from camps in Syria.</li>
</ol>
<p>Read the <a href="/quotes/?tag=iraq">statements and facts tagged Iraq</a> in
our archive.</p>
""",
    },
    {
        "slug": "syria",
        "title": "Syria",
        "kind": "country",
        "days_ago": 880,
        "tags": ["syria", "isis", "iran"],
        "summary": "More than a decade of war in Syria gave ISIS its capital and "
        "drew in Iran, Hezbollah and foreign fighters from dozens of countries.",
        "body": """
<h2>Overview</h2>
<p>The uprising of 2011 and the war that followed left large parts of Syria
outside government control. ISIS declared Raqqa its capital and held much of
the Euphrates valley until the fall of Baghuz in March 2019.</p>
<h2>Why it matters</h2>
<ul>
<li>Tens of thousands of people linked to ISIS, many of them children, remain
in camps and prisons in the northeast.</li>
<li>Iran and <a href="/resources/hezbollah/">Hezbollah</a> built a lasting
military presence during the war.</li>
</ul>
<p>See also our page on <a href="/resources/isis/">ISIS</a>.</p>
""",
    },
    {
        "slug": "lebanon",
        "title": "Lebanon",
        "kind": "country",
        "days_ago": 870,
        "tags": ["lebanon", "hezbollah", "iran"],
        "summary": "Lebanon is home to Hezbollah, which sits in parliament and "
        "cabinet while keeping an armed force outside the state's control.",
        "body": """
<h2>Overview</h2>
<p>Lebanon's confessional political system has allowed
<a href="/resources/hezbollah/">Hezbollah</a> to combine electoral politics with
an independent military force, a network of social services and close ties to
Iran.</p>
<h2>Recent developments</h2>
<p>The conflict with Israel that began in October 2023 escalated sharply in
September 2024, when the group's long-time leader Hassan Nasrallah was killed.
A ceasefire followed in November 2024.</p>
""",
    },
    {
        "slug": "yemen",
        "title": "Yemen",
        "kind": "country",
        "days_ago": 860,
        "tags": ["yemen", "houthis", "iran", "al-qaeda"],
        "summary": "Yemen's civil war pits the Iran-backed Houthis against the "
        "internationally recognised government, while al-Qaeda's Yemeni branch "
        "persists in the south.",
        "body": """
<h2>Overview</h2>
<p>The <a href="/resources/houthis/">Houthis</a> seized the capital, Sanaa, in
September 2014. The war that followed created one of the world's worst
humanitarian crises.</p>
<h2>Extremist actors</h2>
<ul>
<li>The Houthis (Ansar Allah), who since late 2023 have attacked commercial
shipping in the Red Sea.</li>
<li><a href="/resources/al-qaeda/">Al-Qaeda</a> in the Arabian Peninsula, long
considered one of the network's most capable branches.</li>
</ul>
""",
    },
    {
        "slug": "somalia",
        "title": "Somalia",
        "kind": "country",
        "days_ago": 640,
        "tags": ["somalia", "al-shabaab", "africa"],
        "summary": "Al-Shabaab controls or contests much of rural southern and "
        "central Somalia and runs a parallel system of courts and taxation.",
        "body": """
<h2>Overview</h2>
<p>Al-Shabaab emerged from the Islamic Courts Union in the mid-2000s and pledged
allegiance to al-Qaeda in 2012. Although pushed out of Mogadishu in 2011, it
remains able to strike the capital and neighbouring countries.</p>
<h2>Financing</h2>
<p>The group taxes trade, farms and businesses, collecting revenue that rivals
the government's in some districts. See our topic page on
<a href="/resources/terrorist-financing/">terrorist financing</a>.</p>
""",
    },
    {
        "slug": "isis",
        "title": "ISIS",
        "kind": "group",
        "featured": True,
        "days_ago": 950,
        "tags": ["isis", "iraq", "syria", "online-extremism", "financing"],
        "summary": "ISIS, also known as ISIL, Daesh or the Islamic State, declared "
        "a so-called caliphate in 2014 and remains active through affiliates in "
        "Africa and Asia after losing its territory in Iraq and Syria.",
        "body": """
<h2>Overview</h2>
<p>ISIS grew out of al-Qaeda in Iraq. Under
<a href="/resources/abu-bakr-al-baghdadi/">Abu Bakr al-Baghdadi</a> it broke
with al-Qaeda, captured Mosul in June 2014 and announced a so-called caliphate
spanning parts of <a href="/resources/iraq/">Iraq</a> and
<a href="/resources/syria/">Syria</a>.</p>
<h2>Propaganda</h2>
<p>The group's media operation set a new standard for extremist propaganda:
high-production videos, multilingual magazines and coordinated campaigns across
social media and messaging apps. Read more on our
<a href="/resources/online-extremism/">online extremism</a> page.</p>
<h2>Finances</h2>
<p>At its height ISIS drew income from oil, taxation, extortion and looted
antiquities, rather than from foreign donors.</p>
<h2>Today</h2>
<ul>
<li>Insurgent cells in Iraq and Syria.</li>
<li>Affiliates, known as provinces, in West Africa, the Sahel, Central Africa,
Somalia and Afghanistan.</li>
</ul>
<blockquote><p>Browse the group's <a href="/quotes/?organization=isis">statements
and facts in our archive</a>.</p></blockquote>
""",
    },
    {
        "slug": "kataib-hezbollah",
        "title": "Kata'ib Hezbollah",
        "kind": "group",
        "featured": True,
        "days_ago": 720,
        "tags": ["kataib-hezbollah", "iraq", "iran"],
        "summary": "Kata'ib Hezbollah (KH) is an Iran-backed Iraqi militia founded "
        "by Abu Mahdi al-Muhandis and designated a terrorist organisation by the "
        "United States.",
        "body": """
<h2>Overview</h2>
<p>Kata'ib Hezbollah, or the Hezbollah Brigades, is among the most powerful
militias in <a href="/resources/iraq/">Iraq</a>. It receives training, funding
and weapons from Iran's Islamic Revolutionary Guard Corps–Quds Force.</p>
<h2>Leadership</h2>
<p>Its founder, Abu Mahdi al-Muhandis, was killed alongside Quds Force commander
Qasem Soleimani in a U.S. strike in January 2020. A pseudonymous
"security official", Abu Ali al-Askari, voices many of the group's positions
online.</p>
<h2>Activities</h2>
<ul>
<li>Rocket and drone attacks on bases hosting U.S. and coalition forces.</li>
<li>Units within the state-funded Popular Mobilization Forces.</li>
<li>Business interests that finance its operations.</li>
</ul>
<p>Read our report <a href="/resources/irans-militia-network-in-iraq/">Iran's
Militia Network in Iraq</a>.</p>
""",
    },
    {
        "slug": "hezbollah",
        "title": "Hezbollah",
        "kind": "group",
        "days_ago": 700,
        "tags": ["hezbollah", "lebanon", "iran", "financing"],
        "summary": "Hezbollah is a Lebanese Shiite political party and militia "
        "created with Iranian support in the 1980s.",
        "body": """
<h2>Overview</h2>
<p>Hezbollah, the "Party of God", combines a parliamentary bloc in
<a href="/resources/lebanon/">Lebanon</a> with one of the best-armed non-state
forces in the world. It fought on behalf of the Assad government in
<a href="/resources/syria/">Syria</a> and has trained militias in Iraq and
Yemen.</p>
<h2>Funding</h2>
<p>Most of its budget comes from Iran, as its late secretary-general
<a href="/resources/hassan-nasrallah/">Hassan Nasrallah</a> said publicly in
2016. It also draws on business networks abroad.</p>
""",
    },
    {
        "slug": "al-qaeda",
        "title": "Al-Qaeda",
        "kind": "group",
        "days_ago": 690,
        "tags": ["al-qaeda", "yemen", "al-shabaab"],
        "summary": "Al-Qaeda, the network behind the September 11 attacks, now "
        "operates mainly through regional affiliates in Africa, the Middle East "
        "and South Asia.",
        "body": """
<h2>Overview</h2>
<p>Founded in the late 1980s, al-Qaeda was led by Osama bin Laden until 2011
and then by Ayman al-Zawahiri until his death in 2022. It publicly disowned
<a href="/resources/isis/">ISIS</a> in 2014.</p>
<h2>Affiliates</h2>
<ul>
<li>Al-Qaeda in the Arabian Peninsula, in <a href="/resources/yemen/">Yemen</a></li>
<li>Al-Shabaab, in <a href="/resources/somalia/">Somalia</a></li>
<li>Jama'at Nusrat al-Islam wal-Muslimin, in the Sahel</li>
</ul>
""",
    },
    {
        "slug": "houthis",
        "title": "The Houthis (Ansar Allah)",
        "kind": "group",
        "days_ago": 420,
        "tags": ["houthis", "yemen", "iran", "sanctions"],
        "summary": "The Houthis, formally Ansar Allah, are an Iran-aligned "
        "movement that controls Yemen's capital and much of its north.",
        "body": """
<h2>Overview</h2>
<p>The movement takes its name from its founding family. Led since 2004 by
Abdul-Malik al-Houthi, it took Sanaa in 2014 and has fought a Saudi-led
coalition since 2015.</p>
<h2>Red Sea attacks</h2>
<p>From November 2023 the group attacked commercial ships in the Red Sea and
the Gulf of Aden, disrupting one of the world's main trade routes. The United
States designated it a Foreign Terrorist Organization again in 2025.</p>
<p>See our page on <a href="/resources/yemen/">Yemen</a>.</p>
""",
    },
    {
        "slug": "the-base",
        "title": "The Base",
        "kind": "group",
        "days_ago": 510,
        "tags": ["the-base", "accelerationism", "white-supremacy", "online-extremism"],
        "summary": "The Base is a neo-Nazi accelerationist network, founded "
        "online in 2018, that seeks to hasten the collapse of society.",
        "body": """
<h2>Overview</h2>
<p>The Base recruits through encrypted chats and organises small local cells.
Its name echoes the English translation of "al-Qaeda", a choice researchers
see as deliberate.</p>
<h2>Law enforcement</h2>
<ul>
<li>Arrests of several members in the United States in January 2020.</li>
<li>Listed as a terrorist entity by Canada in 2021 and proscribed by the
United Kingdom the same year.</li>
</ul>
<p>Read more on <a href="/resources/online-extremism/">online
extremism</a>.</p>
""",
    },
    {
        "slug": "atomwaffen-division",
        "title": "Atomwaffen Division",
        "kind": "group",
        "draft": True,
        "tags": ["accelerationism", "white-supremacy"],
        "summary": "Atomwaffen Division is a neo-Nazi group that emerged in the "
        "United States in 2015.",
        "body": """
<p>This page is being prepared by our research staff.</p>
""",
    },
    {
        "slug": "abu-bakr-al-baghdadi",
        "title": "Abu Bakr al-Baghdadi",
        "kind": "person",
        "days_ago": 800,
        "tags": ["isis", "iraq", "syria"],
        "summary": "Abu Bakr al-Baghdadi led ISIS from 2010 and proclaimed himself "
        "caliph in 2014. He died during a U.S. raid in Syria in 2019.",
        "body": """
<h2>Biography</h2>
<p>Born Ibrahim Awad Ibrahim al-Badri near Samarra, Iraq, al-Baghdadi was
detained by U.S. forces in 2004. He took over the Islamic State of Iraq in 2010
and expanded it into Syria.</p>
<h2>The so-called caliphate</h2>
<p>In July 2014 he made his only known video appearance as leader, at the Great
Mosque of al-Nuri in Mosul. He died in October 2019 in Syria's Idlib
province.</p>
<p>See <a href="/resources/isis/">ISIS</a> and
<a href="/quotes/?person=abu-bakr-al-baghdadi">his statements in our
archive</a>.</p>
""",
    },
    {
        "slug": "hassan-nasrallah",
        "title": "Hassan Nasrallah",
        "kind": "person",
        "days_ago": 380,
        "tags": ["hezbollah", "lebanon", "iran"],
        "summary": "Hassan Nasrallah led Hezbollah from 1992 until he was killed "
        "in an Israeli strike in Beirut in September 2024.",
        "body": """
<h2>Biography</h2>
<p>Nasrallah became secretary-general of <a href="/resources/hezbollah/">Hezbollah</a>
in 1992 and turned it into a regional military force closely aligned with
Iran. His televised speeches were a central part of the group's messaging.</p>
""",
    },
    {
        "slug": "online-extremism",
        "title": "Online Extremism",
        "kind": "topic",
        "featured": True,
        "days_ago": 600,
        "tags": ["online-extremism", "isis", "accelerationism"],
        "summary": "How extremist groups use social media, messaging apps, gaming "
        "platforms and file-sharing sites to recruit, spread propaganda and raise "
        "money.",
        "body": """
<h2>The problem</h2>
<p>Extremists of every ideology depend on the internet. Propaganda that once
needed printing presses now reaches millions within minutes, and archives of
old material resurface after every takedown.</p>
<h2>What works</h2>
<ol>
<li>Consistent enforcement of platforms' own terms of service.</li>
<li>Shared databases of known terrorist content, so that material removed from
one service does not reappear on another.</li>
<li>Transparency reporting that lets researchers measure results.</li>
</ol>
<p>See how <a href="/resources/isis/">ISIS</a> and
<a href="/resources/the-base/">The Base</a> have used online platforms.</p>
""",
    },
    {
        "slug": "terrorist-financing",
        "title": "Terrorist Financing",
        "kind": "topic",
        "days_ago": 560,
        "tags": ["financing", "sanctions", "iran"],
        "summary": "State sponsorship, taxation of territory, crime and digital "
        "currencies: how extremist groups pay for their operations.",
        "body": """
<h2>Sources of money</h2>
<ul>
<li><strong>State sponsors</strong>, as with Iran's support for
<a href="/resources/hezbollah/">Hezbollah</a> and
<a href="/resources/kataib-hezbollah/">Kata'ib Hezbollah</a>.</li>
<li><strong>Territory</strong>, taxed by groups such as
<a href="/resources/isis/">ISIS</a> at its height and al-Shabaab today.</li>
<li><strong>Crime</strong>, including kidnapping for ransom and smuggling.</li>
<li><strong>Online fundraising</strong>, increasingly in cryptocurrency.</li>
</ul>
<h2>Responses</h2>
<p>Sanctions designations, cooperation between financial intelligence units and
scrutiny of money-service businesses remain the main tools.</p>
""",
    },
    {
        "slug": "irans-militia-network-in-iraq",
        "title": "Iran's Militia Network in Iraq",
        "kind": "report",
        "featured": True,
        "days_ago": 300,
        "tags": ["iran", "iraq", "kataib-hezbollah", "financing"],
        "summary": "A CEP report on how Iran-backed militias gained political "
        "power, state salaries and commercial interests in Iraq after the war "
        "against ISIS.",
        "body": """
<h2>Key findings</h2>
<ol>
<li>Militias that fought ISIS converted battlefield standing into seats in
parliament and posts in ministries.</li>
<li>State salaries paid through the Popular Mobilization Forces fund fighters
who answer to militia commanders.</li>
<li>Control of checkpoints and border crossings provides a steady income.</li>
</ol>
<h2>Recommendations</h2>
<ul>
<li>Condition security assistance on payroll audits.</li>
<li>Extend sanctions to the commercial fronts of designated militias.</li>
</ul>
<p>See <a href="/resources/kataib-hezbollah/">Kata'ib Hezbollah</a> and
<a href="/resources/iraq/">Iraq</a>.</p>
""",
    },
    {
        "slug": "accelerationism-online",
        "title": "Accelerationism Online: Networks, Platforms and Recruitment",
        "kind": "report",
        "scheduled_in_days": 10,
        "tags": ["accelerationism", "white-supremacy", "online-extremism", "the-base"],
        "summary": "A forthcoming CEP report on how neo-Nazi accelerationist "
        "networks recruit young people online.",
        "body": """
<h2>Scope</h2>
<p>The report follows accelerationist networks across messaging apps, video
platforms and gaming communities, and assesses how platforms respond.</p>
""",
    },
]

ORGANIZATIONS = [
    {
        "slug": "isis",
        "name": "ISIS",
        "aliases": [
            "ISIL",
            "Daesh",
            "Islamic State",
            "Islamic State of Iraq and al-Sham",
            "Islamic State of Iraq and the Levant",
        ],
        "profile": "isis",
    },
    {
        "slug": "kataib-hezbollah",
        "name": "Kata'ib Hezbollah",
        "short_name": "KH",
        "aliases": [
            "Kataib Hizballah",
            "Hezbollah Brigades",
            "Kata'ib Hizballah",
            "Kataib Hezbollah",
        ],
        "profile": "kataib-hezbollah",
    },
    {
        "slug": "al-qaeda",
        "name": "Al-Qaeda",
        "short_name": "AQ",
        "aliases": ["al-Qaida", "al Qaeda", "Al-Qa'ida", "Qaedat al-Jihad"],
        "profile": "al-qaeda",
    },
    {
        "slug": "hezbollah",
        "name": "Hezbollah",
        "aliases": ["Hizballah", "Hizbullah", "Party of God", "Lebanese Hezbollah"],
        "profile": "hezbollah",
    },
    {
        "slug": "hamas",
        "name": "Hamas",
        "aliases": ["Harakat al-Muqawama al-Islamiya", "Islamic Resistance Movement"],
    },
    {
        "slug": "al-shabaab",
        "name": "Al-Shabaab",
        "aliases": ["al-Shabab", "Harakat al-Shabaab al-Mujahideen", "HSM"],
    },
    {
        "slug": "boko-haram",
        "name": "Boko Haram",
        "aliases": ["Jama'atu Ahlis Sunna Lidda'awati wal-Jihad", "JAS"],
    },
    {
        "slug": "houthis",
        "name": "Ansar Allah",
        "short_name": "Houthis",
        "aliases": ["Houthis", "Houthi movement", "Ansarallah", "al-Huthiyyun"],
        "profile": "houthis",
    },
    {
        "slug": "irgc-quds-force",
        "name": "Islamic Revolutionary Guard Corps–Quds Force",
        "short_name": "IRGC-QF",
        "aliases": ["Quds Force", "Qods Force", "IRGC Quds Force"],
    },
    {
        "slug": "the-base",
        "name": "The Base",
        "aliases": ["The Base network"],
        "profile": "the-base",
    },
    {
        "slug": "atomwaffen-division",
        "name": "Atomwaffen Division",
        "short_name": "AWD",
        "aliases": ["Atomwaffen", "National Socialist Order"],
    },
]

# People marked composite are invented spokespeople; their names belong to no
# real person and their statements are written to illustrate the genre.
PEOPLE = [
    {
        "slug": "abu-bakr-al-baghdadi",
        "name": "Abu Bakr al-Baghdadi",
        "organization": "isis",
        "profile": "abu-bakr-al-baghdadi",
        "aliases": [
            "al Baghdadi",
            "Baghdadi",
            "Abu Bakr al Baghdadi",
            "Ibrahim Awad Ibrahim al-Badri",
            "Abu Du'a",
        ],
    },
    {
        "slug": "abu-muhammad-al-adnani",
        "name": "Abu Muhammad al-Adnani",
        "organization": "isis",
        "aliases": ["al-Adnani", "Adnani", "Abu Mohammed al-Adnani"],
    },
    {
        "slug": "abu-hudhayfa-al-ramadi",
        "name": "Abu Hudhayfa al-Ramadi",
        "organization": "isis",
        "composite": True,
        "aliases": ["Abu Hudhaifa al-Ramadi"],
    },
    {
        "slug": "abu-ali-al-askari",
        "name": "Abu Ali al-Askari",
        "organization": "kataib-hezbollah",
        "aliases": ["Abu Ali al Askari", "Abu 'Ali al-'Askari", "al-Askari"],
    },
    {
        "slug": "abu-mahdi-al-muhandis",
        "name": "Abu Mahdi al-Muhandis",
        "organization": "kataib-hezbollah",
        "aliases": ["al-Muhandis", "Abu Mahdi al Muhandis", "Jamal Jaafar al-Ibrahimi"],
    },
    {
        "slug": "abu-zayd-al-basri",
        "name": "Abu Zayd al-Basri",
        "organization": "kataib-hezbollah",
        "composite": True,
        "aliases": ["Abu Zaid al-Basri"],
    },
    {
        "slug": "qasem-soleimani",
        "name": "Qasem Soleimani",
        "organization": "irgc-quds-force",
        "aliases": ["Qassem Soleimani", "Qasem Suleimani", "Soleimani"],
    },
    {
        "slug": "ayman-al-zawahiri",
        "name": "Ayman al-Zawahiri",
        "organization": "al-qaeda",
        "aliases": ["al-Zawahri", "Zawahiri", "Ayman al Zawahiri"],
    },
    {
        "slug": "hassan-nasrallah",
        "name": "Hassan Nasrallah",
        "organization": "hezbollah",
        "profile": "hassan-nasrallah",
        "aliases": [
            "Hasan Nasrallah",
            "Sayyed Hassan Nasrallah",
            "Nasrallah",
            "Hassan Nasr Allah",
        ],
    },
    {
        "slug": "yahya-sinwar",
        "name": "Yahya Sinwar",
        "organization": "hamas",
        "aliases": ["Yehia Sinwar", "Sinwar", "Abu Ibrahim"],
    },
    {
        "slug": "hassan-abdi-korane",
        "name": "Hassan Abdi Korane",
        "organization": "al-shabaab",
        "composite": True,
        "aliases": ["Hasan Abdi Qorane"],
    },
    {
        "slug": "abubakar-shekau",
        "name": "Abubakar Shekau",
        "organization": "boko-haram",
        "aliases": ["Shekau", "Abu Bakr Shekau", "Abubakar Shekau"],
    },
    {
        "slug": "abdul-malik-al-houthi",
        "name": "Abdul-Malik al-Houthi",
        "organization": "houthis",
        "aliases": [
            "Abdulmalik al-Houthi",
            "Abd al-Malik al-Huthi",
            "Abdul Malik al-Houthi",
        ],
    },
    {
        "slug": "yahya-saree",
        "name": "Yahya Saree",
        "organization": "houthis",
        "aliases": ["Yahya Sarea", "Yahya Sari", "Yahya Sare'e"],
    },
    {
        "slug": "rinaldo-nazzaro",
        "name": "Rinaldo Nazzaro",
        "organization": "the-base",
        "aliases": ["Norman Spear", "Roman Wolf"],
    },
]
