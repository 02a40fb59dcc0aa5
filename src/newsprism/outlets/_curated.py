"""Hand-written inputs of the outlet build: aliases, name matches and owners, each with a reason.

Nothing here is a rating. The rating files give domains one by one; these tables say which
domains are one outlet, which AllSides name is which domain (AllSides publishes names, not
domains) and who owns a few well-known outlets. The source data holds no ownership, so
:data:`OWNERS` is a small table of well-known owners, each entry citing the page that states it
(checked as of 2025); every other outlet's owner is "unknown".
"""

from __future__ import annotations

ALIASES: dict[str, tuple[str, ...]] = {
    # canonical domain: other domains of the same outlet (same newsroom, same brand)
    "bbc.com": ("bbc.co.uk",),
    "theguardian.com": ("guardian.co.uk", "theguardian.co.uk"),
    "apnews.com": ("ap.org",),
    "abcnews.go.com": ("abcnews.com",),
    "huffpost.com": ("huffingtonpost.com",),
    "dailymail.co.uk": ("dailymail.com",),
    "westernjournal.com": ("westernjournalism.com",),
    "jacobin.com": ("jacobinmag.com",),
    "presstv.ir": ("presstv.com", "presstv.co.uk", "presstv.tv"),
    "france24.com": ("france24-tv.com",),
    "deseret.com": ("deseretnews.com",),
    "cgtn.com": ("news.cgtn.com",),
}

DOMAIN_FIXES: dict[str, str] = {
    # The MBFC scrape reduced ABC News' site abcnews.go.com to its registrable domain go.com,
    # which also hosts unrelated Disney sites; its rating belongs to abcnews.go.com.
    "go.com": "abcnews.go.com",
}

PLATFORMS = frozenset(
    {
        # hosting platforms whose subdomains are separate publishers (foo.wordpress.com)
        "wordpress.com",
        "substack.com",
        "medium.com",
        "tumblr.com",
        "blogspot.com",
        "wixsite.com",
        "weebly.com",
        "typepad.com",
        "livejournal.com",
        "ghost.io",
    }
)

ALLSIDES_DOMAINS: dict[str, str] = {
    # AllSides name (AllSideR 2019) -> domain; names whose squeezed form is the domain's own
    # label (Daily Kos -> dailykos.com) are matched automatically and need no entry.
    "ABC News": "abcnews.go.com",
    "Al Jazeera": "aljazeera.com",
    "Associated Press": "apnews.com",
    "Atlanta Journal-Constitution": "ajc.com",
    "AZ Central": "azcentral.com",
    "BBC News": "bbc.com",
    "Breitbart News": "breitbart.com",
    "BuzzFeed News": "buzzfeednews.com",
    "C-SPAN": "c-span.org",
    "CBN": "cbn.com",
    "CBS News": "cbsnews.com",
    "Christian Science Monitor": "csmonitor.com",
    "CNN (Web News)": "cnn.com",
    "CNS News": "cnsnews.com",
    "Cook Report": "cookpolitical.com",
    "Daily Beast": "thedailybeast.com",
    "Daily Mail": "dailymail.co.uk",
    "Democracy Now": "democracynow.org",
    "Deseret News": "deseret.com",
    "Financial Times": "ft.com",
    "Fox Online News": "foxnews.com",
    "HuffPost": "huffpost.com",
    "Independent Journal Review": "ijr.com",
    "InfoWars": "infowars.com",
    "International Business Times": "ibtimes.com",
    "Investor's Business Daily": "investors.com",
    "Jacobin": "jacobin.com",
    "Los Angeles Times": "latimes.com",
    "MSNBC": "msnbc.com",
    "NBCNews.com": "nbcnews.com",
    "New York Times - News": "nytimes.com",
    "NPR Online News": "npr.org",
    "One America News Network": "oann.com",
    "PBS NewsHour": "pbs.org",
    "Quartz": "qz.com",
    "San Francisco Chronicle": "sfchronicle.com",
    "The Economist": "economist.com",
    "The Guardian": "theguardian.com",
    "The Independent": "independent.co.uk",
    "The Jerusalem Post": "jpost.com",
    "The Philadelphia Inquirer": "inquirer.com",
    "The Dallas Morning News": "dallasnews.com",
    "The Telegraph - UK": "telegraph.co.uk",
    "The Week - News": "theweek.com",
    "Time Magazine": "time.com",
    "TruthOut": "truth-out.org",
    "U.S. News & World Report": "usnews.com",
    "Wall Street Journal - News": "wsj.com",
    "Washington Free Beacon": "freebeacon.com",
    "Washington Post": "washingtonpost.com",
    "Washington Times": "washingtontimes.com",
    "Western Journalism": "westernjournal.com",
    "Yahoo! News": "news.yahoo.com",
    "Politico": "politico.com",
    "Vox": "vox.com",
    "New York Post": "nypost.com",
    "New York Daily News": "nydailynews.com",
    "New York Magazine": "nymag.com",
    "Chicago Sun-Times": "suntimes.com",
    "Univision": "univision.com",
    "Orange County Register": "ocregister.com",
    "Pittsburgh Post-Gazette": "post-gazette.com",
    "The Sacramento Bee": "sacbee.com",
    "San Jose Mercury News": "mercurynews.com",
    "American Spectator": "spectator.org",
    "American Greatness": "amgreatness.com",
    "The Heritage Foundation": "heritage.org",
    "Brookings Institution": "brookings.edu",
    "CalMatters": "calmatters.org",
    "FactCheck.org": "factcheck.org",
    "Columbia Journalism Review": "cjr.org",
    "City Journal": "city-journal.org",
    "Splinter": "splinternews.com",
    "The Courier-Journal": "courier-journal.com",
    "Spokesman Review": "spokesman.com",
    "Richmond Times Dispatch": "richmond.com",
    "Honolulu Civil Beat": "civilbeat.org",
    "Center for Public Integrity": "publicintegrity.org",
    "Media Research Center": "mrc.org",
    "Live Action News": "liveaction.org",
    "Austin American-Statesman": "statesman.com",
    "Portland Press Herald": "pressherald.com",
    "Prager University": "prageru.com",
    "MichelleMalkin.com": "michellemalkin.com",
    "Pacific Standard": "psmag.com",
}

ALLSIDES_SKIP = frozenset(
    {
        # not outlets, or a section whose rating is not the outlet's (opinion pages)
        "AllSides",
        "AllSides Community",
        "Test Source",
        "Left - Major Media Sources",
        "Center - Major Media Sources",
        "Right - Major Media Sources",
        "Google News",
    }
)

NELA_WRONG_DOMAIN = frozenset(
    {
        # NELA-GT-2018 rows whose domain is not the named source's (checked by hand)
        "forward.com",  # "Forward Progessives" is not The Forward
        "simonandschuster.com",  # "The Michelle Malkin Blog"
        "ajc.com",  # "The Political Insider"
        "itnews.com.au",  # "Intellihub"
        "glossy.co",  # "Glossy News"
    }
)

_W = "https://en.wikipedia.org/wiki/"

OWNERS: dict[str, tuple[str, str, str]] = {
    # domain: (owner, owner type, source that states it)
    "bbc.com": ("British Broadcasting Corporation", "public broadcaster", _W + "BBC"),
    "npr.org": ("National Public Radio, Inc.", "non-profit", _W + "NPR"),
    "pbs.org": ("Public Broadcasting Service", "public broadcaster", _W + "PBS"),
    "apnews.com": ("The Associated Press (news cooperative)", "non-profit", _W + "Associated_Press"),
    "reuters.com": ("Thomson Reuters", "corporate", _W + "Reuters"),
    "cbc.ca": ("Canadian Broadcasting Corporation", "public broadcaster", _W + "CBC/Radio-Canada"),
    "abc.net.au": (
        "Australian Broadcasting Corporation",
        "public broadcaster",
        _W + "Australian_Broadcasting_Corporation",
    ),
    "dw.com": ("Deutsche Welle", "public broadcaster", _W + "Deutsche_Welle"),
    "nhk.or.jp": ("NHK (Japan Broadcasting Corporation)", "public broadcaster", _W + "NHK"),
    "rte.ie": ("Raidió Teilifís Éireann", "public broadcaster", _W + "RT%C3%89"),
    "france24.com": ("France Médias Monde", "public broadcaster", _W + "France_24"),
    "rt.com": ("ANO TV-Novosti (Russian government)", "state-affiliated", _W + "RT_(TV_network)"),
    "tass.com": ("Government of Russia", "state-affiliated", _W + "TASS"),
    "xinhuanet.com": (
        "Xinhua News Agency (State Council of China)",
        "state-affiliated",
        _W + "Xinhua_News_Agency",
    ),
    "cgtn.com": ("China Media Group", "state-affiliated", _W + "CGTN"),
    "globaltimes.cn": ("People's Daily", "state-affiliated", _W + "Global_Times"),
    "presstv.ir": ("Islamic Republic of Iran Broadcasting", "state-affiliated", _W + "Press_TV"),
    "aljazeera.com": (
        "Al Jazeera Media Network (funded by the government of Qatar)",
        "state-affiliated",
        _W + "Al_Jazeera_Media_Network",
    ),
    "voanews.com": ("U.S. Agency for Global Media", "state-affiliated", _W + "Voice_of_America"),
    "rferl.org": ("U.S. Agency for Global Media", "state-affiliated", _W + "Radio_Free_Europe/Radio_Liberty"),
    "foxnews.com": ("Fox Corporation", "corporate", _W + "Fox_News"),
    "cnn.com": ("Warner Bros. Discovery", "corporate", _W + "CNN"),
    "nytimes.com": ("The New York Times Company", "corporate", _W + "The_New_York_Times"),
    "wsj.com": ("Dow Jones & Company (News Corp)", "corporate", _W + "The_Wall_Street_Journal"),
    "nypost.com": ("News Corp", "corporate", _W + "New_York_Post"),
    "washingtonpost.com": ("Nash Holdings (Jeff Bezos)", "corporate", _W + "The_Washington_Post"),
    "usatoday.com": ("Gannett", "corporate", _W + "USA_Today"),
    "nbcnews.com": ("NBCUniversal (Comcast)", "corporate", _W + "NBC_News"),
    "abcnews.go.com": ("The Walt Disney Company", "corporate", _W + "ABC_News_(United_States)"),
    "bloomberg.com": ("Bloomberg L.P.", "corporate", _W + "Bloomberg_News"),
    "ft.com": ("Nikkei Inc.", "corporate", _W + "Financial_Times"),
    "economist.com": ("The Economist Group", "corporate", _W + "The_Economist"),
    "dailymail.co.uk": ("DMG Media (Daily Mail and General Trust)", "corporate", _W + "Daily_Mail"),
    "theguardian.com": (
        "Guardian Media Group (owned by the Scott Trust)",
        "independent",
        _W + "The_Guardian",
    ),
    "breitbart.com": ("Breitbart News Network, LLC", "independent", _W + "Breitbart_News"),
    "dailykos.com": ("Kos Media, LLC", "independent", _W + "Daily_Kos"),
    "thefederalist.com": ("FDRLST Media", "independent", _W + "The_Federalist_(website)"),
    "propublica.org": ("ProPublica, Inc.", "non-profit", _W + "ProPublica"),
    "motherjones.com": ("Foundation for National Progress", "non-profit", _W + "Mother_Jones_(magazine)"),
    "texastribune.org": ("The Texas Tribune", "non-profit", _W + "The_Texas_Tribune"),
    "theconversation.com": ("The Conversation Trust", "non-profit", _W + "The_Conversation_(website)"),
}

NAMES: dict[str, str] = {
    # display names where no data set gives a usable one
    "bbc.com": "BBC",
    "apnews.com": "Associated Press",
    "reuters.com": "Reuters",
    "cnn.com": "CNN",
    "abcnews.go.com": "ABC News",
    "cbc.ca": "CBC",
    "abc.net.au": "ABC (Australia)",
    "dw.com": "Deutsche Welle",
    "rt.com": "RT",
    "aljazeera.com": "Al Jazeera",
    "france24.com": "France 24",
    "xinhuanet.com": "Xinhua",
    "tass.com": "TASS",
    "npr.org": "NPR",
    "pbs.org": "PBS",
    "foxnews.com": "Fox News",
    "jacobin.com": "Jacobin",
    "thefederalist.com": "The Federalist",
}
