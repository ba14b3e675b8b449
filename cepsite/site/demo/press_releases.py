"""
Demo press releases. ``days_ago`` dates each one relative to the day the demo
is loaded, so the list always looks current; ``resources`` are slugs from
``reference``.
"""

NEW_YORK = "New York, N.Y."
WASHINGTON = "Washington, D.C."
BERLIN = "Berlin, Germany"
BRUSSELS = "Brussels, Belgium"

PRESS_OFFICE = "CEP Press Office"

PRESS_RELEASES = [
    {
        "slug": "cep-expands-archive-of-extremists-own-words",
        "title": "Extremists in Their Own Words: CEP Expands Its Public Archive",
        "dateline": NEW_YORK,
        "days_ago": 9,
        "author": PRESS_OFFICE,
        "tags": ["online-extremism", "isis", "kataib-hezbollah"],
        "resources": ["isis", "kataib-hezbollah"],
        "image": {
            "artwork": "archive",
            "alt": "Abstract graphic of white rings and grey arcs on a deep blue "
            "background.",
            "caption": "The archive now covers more than a decade of statements.",
        },
        "summary": "The Counter Extremism Project (CEP) today expanded its archive "
        "of statements, facts and posts by extremist leaders and groups, with "
        "new material on Iran-backed militias and accelerationist networks.",
        "body": """
<p>The Counter Extremism Project (CEP) today expanded its searchable archive of
extremists' own words. The archive collects what extremist leaders and groups
say in public, alongside verified facts about what they do, so that
policymakers, journalists and the public can judge them by their own
statements.</p>
<h2>What is new</h2>
<ul>
<li>Statements by <a href="/resources/kataib-hezbollah/">Kata'ib Hezbollah</a>
officials and other Iran-aligned militias in Iraq.</li>
<li>Posts by accelerationist networks such as
<a href="/resources/the-base/">The Base</a>.</li>
<li>Filters by organisation, person, type and date, including statements whose
exact date is unknown.</li>
</ul>
<p>"Extremist groups tell us who they are, every day," said a CEP spokesperson.
"The archive makes sure their words are not forgotten when they become
inconvenient."</p>
<p>A new item is featured every day as the <a href="/daily-dose/">Daily
Dose</a>. Browse the <a href="/quotes/">full archive</a>.</p>
""",
    },
    {
        "slug": "cep-urges-messaging-apps-to-close-isis-archives",
        "title": "CEP Urges Messaging Apps to Close ISIS Propaganda Archives",
        "dateline": NEW_YORK,
        "days_ago": 34,
        "author": PRESS_OFFICE,
        "tags": ["isis", "online-extremism"],
        "resources": ["isis", "online-extremism"],
        "summary": "CEP researchers found complete libraries of ISIS videos and "
        "magazines still available through public channels and file-sharing "
        "links, years after the group lost its territory.",
        "body": """
<p>The Counter Extremism Project (CEP) today called on messaging and
file-sharing services to remove archives of ISIS propaganda that remain
publicly accessible.</p>
<h2>Findings</h2>
<p>Over a four-week review, CEP researchers identified:</p>
<ol>
<li>Public channels hosting hundreds of official ISIS videos.</li>
<li>Backup links to the group's magazines in more than ten languages.</li>
<li>Accounts that reappeared within hours of removal under similar names.</li>
</ol>
<p>"These archives are a recruitment library," the report's authors wrote.
"Removing them once is not enough; companies must stop them from returning."</p>
<p>Read our resources on <a href="/resources/isis/">ISIS</a> and
<a href="/resources/online-extremism/">online extremism</a>.</p>
""",
    },
    {
        "slug": "new-report-maps-irans-militia-network-in-iraq",
        "title": "New CEP Report Maps Iran's Militia Network in Iraq",
        "dateline": WASHINGTON,
        "days_ago": 66,
        "author": PRESS_OFFICE,
        "tags": ["iran", "iraq", "kataib-hezbollah", "financing"],
        "resources": ["irans-militia-network-in-iraq", "kataib-hezbollah", "iraq"],
        "image": {
            "artwork": "network",
            "alt": "Abstract graphic of grey circles joined by thin lines on a "
            "red-to-charcoal background, suggesting a network.",
            "caption": "The report traces political, financial and military ties.",
        },
        "summary": "The report shows how Iran-backed militias turned their role in "
        "the war against ISIS into political power and state salaries.",
        "body": """
<p>The Counter Extremism Project (CEP) today released
<a href="/resources/irans-militia-network-in-iraq/">Iran's Militia Network in
Iraq</a>, a report on how militias such as
<a href="/resources/kataib-hezbollah/">Kata'ib Hezbollah</a> gained lasting
influence inside the Iraqi state.</p>
<h2>Key findings</h2>
<ul>
<li>State salaries fund tens of thousands of fighters who answer to militia
commanders.</li>
<li>Militia-linked companies win public contracts.</li>
<li>Control of checkpoints provides steady income outside any budget.</li>
</ul>
<h2>Recommendations</h2>
<p>CEP recommends that security assistance to Iraq be conditioned on
independent payroll audits and that sanctions reach the militias' commercial
fronts.</p>
""",
    },
    {
        "slug": "remembering-mosul-lessons-of-isis-rise",
        "title": "Remembering Mosul: The Lessons of ISIS's Rise",
        "dateline": NEW_YORK,
        "days_ago": 118,
        "author": PRESS_OFFICE,
        "tags": ["isis", "iraq"],
        "resources": ["isis", "iraq", "abu-bakr-al-baghdadi"],
        "summary": "A decade after ISIS seized Mosul, CEP looks at the warning "
        "signs that were missed and the risks that remain.",
        "body": """
<p>When ISIS took Mosul in June 2014, many were surprised. The warning signs
were not hidden: the group had been announcing its plans for years.</p>
<h2>What was missed</h2>
<ul>
<li>Years of assassinations and extortion in the city before its fall.</li>
<li>Prison breaks that returned experienced commanders to the group.</li>
<li>Propaganda that openly described the coming offensive.</li>
</ul>
<h2>What remains</h2>
<p>ISIS cells are still active in rural Iraq, and thousands of
people linked to the group are held in camps and prisons in Syria. Read
more on <a href="/resources/iraq/">Iraq</a> and
<a href="/resources/abu-bakr-al-baghdadi/">Abu Bakr al-Baghdadi</a>.</p>
""",
    },
    {
        "slug": "cep-calls-for-sanctions-on-houthi-financial-facilitators",
        "title": "CEP Calls for Sanctions on Houthi Financial Facilitators",
        "dateline": WASHINGTON,
        "days_ago": 161,
        "author": PRESS_OFFICE,
        "tags": ["houthis", "yemen", "iran", "sanctions", "financing"],
        "resources": ["houthis", "yemen", "terrorist-financing"],
        "summary": "Exchange houses and shipping intermediaries continue to move "
        "money for the Houthis despite their designation, CEP said.",
        "body": """
<p>The Counter Extremism Project (CEP) today urged governments to designate the
exchange houses, shipping agents and front companies that move money for the
<a href="/resources/houthis/">Houthis</a>.</p>
<p>"Designating the group is a start," a CEP spokesperson said. "The people who
keep its money moving must face consequences too."</p>
<h2>CEP recommends</h2>
<ol>
<li>Coordinated designations by the United States, the United Kingdom and the
European Union.</li>
<li>Closer scrutiny of fuel imports into Houthi-held ports.</li>
<li>Support for Yemeni banks that want to comply.</li>
</ol>
<p>See our topic page on
<a href="/resources/terrorist-financing/">terrorist financing</a>.</p>
""",
    },
    {
        "slug": "hezbollah-finances-under-strain",
        "title": "Hezbollah's Finances Under Strain, CEP Analysis Finds",
        "dateline": NEW_YORK,
        "days_ago": 214,
        "author": PRESS_OFFICE,
        "tags": ["hezbollah", "lebanon", "iran", "financing"],
        "resources": ["hezbollah", "lebanon", "hassan-nasrallah"],
        "summary": "Losses in the 2024 war and pressure on its money-transfer "
        "routes have left Hezbollah more dependent than ever on Iran.",
        "body": """
<p>A new CEP analysis finds that <a href="/resources/hezbollah/">Hezbollah</a>
faces its most serious financial pressure in decades.</p>
<h2>Why</h2>
<ul>
<li>Reconstruction claims from its supporters far exceed what it can pay.</li>
<li>Routes used to bring cash into <a href="/resources/lebanon/">Lebanon</a>
have come under closer watch.</li>
<li>Its own leaders have said that Iran pays for its budget and weapons.</li>
</ul>
<p>Read the group's own statements on its funding in
<a href="/quotes/?organization=hezbollah&amp;tag=financing">our
archive</a>.</p>
""",
    },
    {
        "slug": "accelerationist-recruitment-on-gaming-platforms",
        "title": "CEP Warns of Accelerationist Recruitment on Gaming Platforms",
        "dateline": BERLIN,
        "days_ago": 276,
        "author": PRESS_OFFICE,
        "tags": ["accelerationism", "white-supremacy", "online-extremism", "the-base"],
        "resources": ["the-base", "online-extremism"],
        "summary": "Neo-Nazi accelerationist networks use gaming chat services to "
        "approach teenagers, CEP researchers in Berlin found.",
        "body": """
<p>Researchers at the Counter Extremism Project (CEP) in Berlin documented how
accelerationist networks use chat servers built around popular games to find
and groom young recruits.</p>
<h2>Patterns observed</h2>
<ul>
<li>Invitations move quickly from open servers to private, invitation-only
groups.</li>
<li>Memes and "ironic" humour lower the barrier to extreme content.</li>
<li>Recruiters borrow the language and symbols of groups such as
<a href="/resources/the-base/">The Base</a>.</li>
</ul>
<p>CEP called on platforms to enforce their policies on violent extremism in
community spaces as strictly as on public feeds.</p>
""",
    },
    {
        "slug": "briefing-isis-detention-camps-northeast-syria",
        "title": "CEP Briefs Policymakers on ISIS Detention Camps in Northeast Syria",
        "dateline": BRUSSELS,
        "days_ago": 352,
        "author": PRESS_OFFICE,
        "tags": ["isis", "syria"],
        "resources": ["isis", "syria"],
        "summary": "At a briefing in Brussels, CEP urged European governments to "
        "repatriate their citizens held in camps and prisons in northeast Syria.",
        "body": """
<p>The Counter Extremism Project (CEP) briefed European officials in Brussels on
the camps and prisons in northeast <a href="/resources/syria/">Syria</a> that
hold people linked to <a href="/resources/isis/">ISIS</a>.</p>
<h2>Main points</h2>
<ol>
<li>The camps are a breeding ground for the next generation of extremists.</li>
<li>Prisons holding ISIS fighters remain vulnerable to attack.</li>
<li>Repatriation with prosecution and rehabilitation is safer than
waiting.</li>
</ol>
""",
    },
    {
        "slug": "al-shabaab-taxation-new-resource",
        "title": "How Al-Shabaab Taxes Somalia: A New CEP Resource",
        "dateline": NEW_YORK,
        "days_ago": 431,
        "author": PRESS_OFFICE,
        "tags": ["al-shabaab", "somalia", "financing", "africa"],
        "resources": ["somalia", "terrorist-financing", "al-qaeda"],
        "summary": "CEP's updated resource on Somalia explains how al-Shabaab "
        "funds itself by taxing trade and businesses.",
        "body": """
<p>The Counter Extremism Project (CEP) today published an updated resource on
<a href="/resources/somalia/">Somalia</a>, with a new section on how
al-Shabaab raises money.</p>
<p>The group, an affiliate of <a href="/resources/al-qaeda/">al-Qaeda</a>,
collects levies at checkpoints, on harvests and from businesses, including in
areas it does not control.</p>
<p>Read the group's statements in <a href="/quotes/?organization=al-shabaab">our
archive</a>.</p>
""",
    },
    {
        "slug": "consistent-listing-of-violent-white-supremacist-groups",
        "title": "CEP Calls for Consistent Listing of Violent White Supremacist Groups",
        "dateline": WASHINGTON,
        "days_ago": 509,
        "author": PRESS_OFFICE,
        "tags": ["white-supremacy", "accelerationism", "sanctions", "the-base"],
        "resources": ["the-base"],
        "summary": "Groups such as The Base are banned in some allied countries "
        "and not in others, leaving gaps that extremists exploit.",
        "body": """
<p>The Counter Extremism Project (CEP) today called on governments to align how
they list violent white supremacist groups.</p>
<p><a href="/resources/the-base/">The Base</a>, for example, has been listed as
a terrorist entity by Canada and proscribed in the United Kingdom, but
operates without comparable restrictions elsewhere.</p>
<h2>Why it matters</h2>
<ul>
<li>Platforms often rely on government lists to decide what to remove.</li>
<li>Financial institutions need designations to block transactions.</li>
</ul>
""",
    },
    {
        "slug": "al-qaeda-enduring-brand",
        "title": "Al-Qaeda's Enduring Brand: CEP Updates Its Group Resource",
        "dateline": NEW_YORK,
        "days_ago": 618,
        "author": PRESS_OFFICE,
        "tags": ["al-qaeda", "yemen", "al-shabaab"],
        "resources": ["al-qaeda", "yemen"],
        "summary": "Years after the deaths of its founders, al-Qaeda survives "
        "through affiliates in Africa, Yemen and South Asia.",
        "body": """
<p>The Counter Extremism Project (CEP) has updated its resource on
<a href="/resources/al-qaeda/">al-Qaeda</a> to cover the network after the
death of Ayman al-Zawahiri.</p>
<h2>Highlights</h2>
<ul>
<li>The growing weight of African affiliates.</li>
<li>The group's break with ISIS, in its own words.</li>
<li>Its branch in <a href="/resources/yemen/">Yemen</a>.</li>
</ul>
""",
    },
    {
        "slug": "testimony-terrorist-use-of-cryptocurrency",
        "title": "CEP Testifies on Terrorist Use of Cryptocurrency",
        "dateline": WASHINGTON,
        "days_ago": 742,
        "author": PRESS_OFFICE,
        "tags": ["financing", "online-extremism", "isis"],
        "resources": ["terrorist-financing", "online-extremism"],
        "summary": "In testimony before lawmakers, CEP described how extremist "
        "groups ask supporters for donations in digital currencies.",
        "body": """
<p>A CEP senior adviser testified today on how extremist groups raise money in
cryptocurrency.</p>
<h2>Summary of the testimony</h2>
<ol>
<li>Campaigns for ISIS families in Syrian camps have collected donations in
digital currencies.</li>
<li>Accelerationist networks solicit cryptocurrency after being removed from
mainstream payment platforms.</li>
<li>Exchanges that apply know-your-customer rules remain the best choke
point.</li>
</ol>
<p>See our topic page on
<a href="/resources/terrorist-financing/">terrorist financing</a>.</p>
""",
    },
    {
        "slug": "kataib-hezbollah-resource-launch",
        "title": "CEP Launches Resource on Kata'ib Hezbollah",
        "dateline": NEW_YORK,
        "days_ago": 880,
        "author": PRESS_OFFICE,
        "tags": ["kataib-hezbollah", "iraq", "iran"],
        "resources": ["kataib-hezbollah", "iraq"],
        "summary": "CEP's new resource profiles one of the most powerful "
        "Iran-backed militias in Iraq.",
        "body": """
<p>The Counter Extremism Project (CEP) today launched a resource on
<a href="/resources/kataib-hezbollah/">Kata'ib Hezbollah</a> (KH), also known as
the Hezbollah Brigades.</p>
<p>The resource covers the group's origins, its ties to Iran's Quds Force, its
attacks on coalition forces and its role in Iraqi politics, together with the
statements of its officials.</p>
<p>Also read our page on <a href="/resources/iraq/">Iraq</a>.</p>
""",
    },
    {
        "slug": "houthi-red-sea-attacks-threaten-global-trade",
        "title": "Houthi Red Sea Attacks Threaten Global Trade, CEP Says",
        "dateline": NEW_YORK,
        "days_ago": 1010,
        "author": PRESS_OFFICE,
        "tags": ["houthis", "yemen", "iran"],
        "resources": ["houthis", "yemen"],
        "summary": "CEP said the Houthis' campaign against commercial shipping "
        "shows how far Iran's partners can project power.",
        "body": """
<p>The Counter Extremism Project (CEP) today said that attacks by the
<a href="/resources/houthis/">Houthis</a> on ships in the Red Sea threaten one
of the world's busiest trade routes.</p>
<p>The group's leaders have openly announced the campaign, as statements in
<a href="/quotes/?organization=houthis">our archive</a> show.</p>
""",
    },
    {
        "slug": "annual-extremism-outlook",
        "title": "CEP to Release Its Annual Extremism Outlook",
        "dateline": NEW_YORK,
        "scheduled_in_days": 3,
        "author": PRESS_OFFICE,
        "tags": ["isis", "online-extremism"],
        "resources": ["isis"],
        "summary": "The outlook reviews the year's main trends and the threats to "
        "watch in the year ahead.",
        "body": """
<p>The Counter Extremism Project (CEP) will release its annual outlook on
extremist threats next week.</p>
""",
    },
    {
        "slug": "statement-on-militia-attacks-draft",
        "title": "Statement on Militia Attacks in Iraq",
        "dateline": WASHINGTON,
        "draft": True,
        "author": PRESS_OFFICE,
        "tags": ["kataib-hezbollah", "iraq"],
        "resources": ["kataib-hezbollah"],
        "summary": "A statement awaiting review.",
        "body": """
<p>The Counter Extremism Project (CEP) condemns the latest attacks.</p>
""",
    },
]
