"""Known actors and the names they go by: every country (names from pycountry), the short
names, demonyms, capitals and seats of power that news uses for a state, and the major
international organisations. pycountry has no demonyms, capitals or short forms like "U.S.",
so those are curated here for the states that news names most."""

from __future__ import annotations

from dataclasses import dataclass, field

# Display name -> extra names for states whose pycountry entry is formal or incomplete.
# Key: ISO 3166 alpha-2. Values: (display name, short names, demonyms, capitals and seats).
STATE_EXTRAS: dict[str, tuple[str, list[str], list[str], list[str]]] = {
    "US": ("United States", ["United States", "United States of America", "U.S.", "US", "USA", "U.S.A.", "America"],
           ["American", "Americans"], ["Washington", "the White House", "White House"]),
    "RU": ("Russia", ["Russia", "Russian Federation"], ["Russian", "Russians"], ["Moscow", "the Kremlin", "Kremlin"]),
    "CN": ("China", ["China", "People's Republic of China", "PRC", "P.R.C."], ["Chinese", "Sino"],
           ["Beijing", "Zhongnanhai"]),
    "UA": ("Ukraine", ["Ukraine"], ["Ukrainian", "Ukrainians"], ["Kyiv", "Kiev"]),
    "GB": ("United Kingdom", ["United Kingdom", "Britain", "Great Britain", "UK", "U.K."], ["British", "Briton", "Britons"],
           ["London", "Downing Street", "Whitehall"]),
    "DE": ("Germany", ["Germany"], ["German", "Germans"], ["Berlin"]),
    "FR": ("France", ["France"], ["French"], ["Paris", "the Elysee", "Élysée"]),
    "IT": ("Italy", ["Italy"], ["Italian", "Italians"], ["Rome"]),
    "ES": ("Spain", ["Spain"], ["Spanish"], ["Madrid"]),
    "PL": ("Poland", ["Poland"], ["Polish", "Poles"], ["Warsaw"]),
    "HU": ("Hungary", ["Hungary"], ["Hungarian", "Hungarians"], ["Budapest"]),
    "BY": ("Belarus", ["Belarus"], ["Belarusian", "Belarusians"], ["Minsk"]),
    "TR": ("Turkey", ["Turkey", "Türkiye", "Turkiye"], ["Turkish", "Turks"], ["Ankara"]),
    "IR": ("Iran", ["Iran"], ["Iranian", "Iranians"], ["Tehran"]),
    "IQ": ("Iraq", ["Iraq"], ["Iraqi", "Iraqis"], ["Baghdad"]),
    "SY": ("Syria", ["Syria"], ["Syrian", "Syrians"], ["Damascus"]),
    "IL": ("Israel", ["Israel"], ["Israeli", "Israelis"], ["Jerusalem"]),
    "PS": ("Palestine", ["Palestine", "Palestinian territories"], ["Palestinian", "Palestinians"], []),
    "SA": ("Saudi Arabia", ["Saudi Arabia"], ["Saudi", "Saudis"], ["Riyadh"]),
    "EG": ("Egypt", ["Egypt"], ["Egyptian", "Egyptians"], ["Cairo"]),
    "AF": ("Afghanistan", ["Afghanistan"], ["Afghan", "Afghans"], ["Kabul"]),
    "PK": ("Pakistan", ["Pakistan"], ["Pakistani", "Pakistanis"], ["Islamabad"]),
    "IN": ("India", ["India"], ["Indian", "Indians"], ["New Delhi", "Delhi"]),
    "JP": ("Japan", ["Japan"], ["Japanese"], ["Tokyo"]),
    "KR": ("South Korea", ["South Korea", "Republic of Korea"], ["South Korean", "South Koreans"], ["Seoul"]),
    "KP": ("North Korea", ["North Korea", "DPRK"], ["North Korean", "North Koreans"], ["Pyongyang"]),
    "TW": ("Taiwan", ["Taiwan"], ["Taiwanese"], ["Taipei"]),
    "MN": ("Mongolia", ["Mongolia"], ["Mongolian", "Mongolians"], ["Ulaanbaatar"]),
    "VN": ("Vietnam", ["Vietnam", "Viet Nam"], ["Vietnamese"], ["Hanoi"]),
    "CA": ("Canada", ["Canada"], ["Canadian", "Canadians"], ["Ottawa"]),
    "MX": ("Mexico", ["Mexico"], ["Mexican", "Mexicans"], ["Mexico City"]),
    "BR": ("Brazil", ["Brazil"], ["Brazilian", "Brazilians"], ["Brasilia", "Brasília"]),
    "VE": ("Venezuela", ["Venezuela"], ["Venezuelan", "Venezuelans"], ["Caracas"]),
    "CU": ("Cuba", ["Cuba"], ["Cuban", "Cubans"], ["Havana"]),
    "AU": ("Australia", ["Australia"], ["Australian", "Australians"], ["Canberra"]),
    "ZA": ("South Africa", ["South Africa"], ["South African", "South Africans"], ["Pretoria"]),
    "NG": ("Nigeria", ["Nigeria"], ["Nigerian", "Nigerians"], ["Abuja"]),
    "KZ": ("Kazakhstan", ["Kazakhstan"], ["Kazakh", "Kazakhs"], ["Astana"]),
    "GE": ("Georgia", ["Georgia"], ["Georgian", "Georgians"], ["Tbilisi"]),
    "MD": ("Moldova", ["Moldova"], ["Moldovan", "Moldovans"], ["Chisinau"]),
    "RS": ("Serbia", ["Serbia"], ["Serbian", "Serbs"], ["Belgrade"]),
    "GR": ("Greece", ["Greece"], ["Greek", "Greeks"], ["Athens"]),
    "NL": ("Netherlands", ["Netherlands", "Holland"], ["Dutch"], ["The Hague", "Amsterdam"]),
    "BE": ("Belgium", ["Belgium"], ["Belgian", "Belgians"], []),
    "SE": ("Sweden", ["Sweden"], ["Swedish", "Swedes"], ["Stockholm"]),
    "FI": ("Finland", ["Finland"], ["Finnish", "Finns"], ["Helsinki"]),
    "NO": ("Norway", ["Norway"], ["Norwegian", "Norwegians"], ["Oslo"]),
    "DK": ("Denmark", ["Denmark"], ["Danish", "Danes"], ["Copenhagen"]),
    "AT": ("Austria", ["Austria"], ["Austrian", "Austrians"], ["Vienna"]),
    "CH": ("Switzerland", ["Switzerland"], ["Swiss"], ["Bern"]),
    "IE": ("Ireland", ["Ireland"], ["Irish"], ["Dublin"]),
    "CZ": ("Czechia", ["Czechia", "Czech Republic"], ["Czech", "Czechs"], ["Prague"]),
    "LT": ("Lithuania", ["Lithuania"], ["Lithuanian", "Lithuanians"], ["Vilnius"]),
    "LV": ("Latvia", ["Latvia"], ["Latvian", "Latvians"], ["Riga"]),
    "EE": ("Estonia", ["Estonia"], ["Estonian", "Estonians"], ["Tallinn"]),
    "RO": ("Romania", ["Romania"], ["Romanian", "Romanians"], ["Bucharest"]),
    "BG": ("Bulgaria", ["Bulgaria"], ["Bulgarian", "Bulgarians"], ["Sofia"]),
    "LB": ("Lebanon", ["Lebanon"], ["Lebanese"], ["Beirut"]),
    "JO": ("Jordan", ["Jordan"], ["Jordanian", "Jordanians"], ["Amman"]),
    "YE": ("Yemen", ["Yemen"], ["Yemeni", "Yemenis"], ["Sanaa"]),
    "QA": ("Qatar", ["Qatar"], ["Qatari", "Qataris"], ["Doha"]),
    "AE": ("United Arab Emirates", ["United Arab Emirates", "UAE", "U.A.E."], ["Emirati", "Emiratis"], ["Abu Dhabi"]),
    "LY": ("Libya", ["Libya"], ["Libyan", "Libyans"], ["Tripoli"]),
    "ET": ("Ethiopia", ["Ethiopia"], ["Ethiopian", "Ethiopians"], ["Addis Ababa"]),
    "KE": ("Kenya", ["Kenya"], ["Kenyan", "Kenyans"], ["Nairobi"]),
    "AR": ("Argentina", ["Argentina"], ["Argentine", "Argentinian", "Argentines"], ["Buenos Aires"]),
    "CO": ("Colombia", ["Colombia"], ["Colombian", "Colombians"], ["Bogota"]),
    "CL": ("Chile", ["Chile"], ["Chilean", "Chileans"], ["Santiago"]),
    "ID": ("Indonesia", ["Indonesia"], ["Indonesian", "Indonesians"], ["Jakarta"]),
    "PH": ("Philippines", ["Philippines"], ["Filipino", "Filipinos", "Philippine"], ["Manila"]),
    "MY": ("Malaysia", ["Malaysia"], ["Malaysian", "Malaysians"], ["Kuala Lumpur"]),
    "TH": ("Thailand", ["Thailand"], ["Thai"], ["Bangkok"]),
    "MM": ("Myanmar", ["Myanmar", "Burma"], ["Burmese"], []),
    "HK": ("Hong Kong", ["Hong Kong"], [], []),
    "VA": ("Vatican", ["Vatican", "Holy See"], [], []),
    "BO": ("Bolivia", ["Bolivia"], ["Bolivian", "Bolivians"], []),
    "TZ": ("Tanzania", ["Tanzania"], ["Tanzanian", "Tanzanians"], []),
    "LA": ("Laos", ["Laos"], ["Lao", "Laotian"], []),
}

# Organisations and blocs: display name -> names. Capitals and seats used for them included
# (Brussels for the EU).
ORGANISATIONS: dict[str, list[str]] = {
    "European Union": ["European Union", "EU", "E.U.", "Brussels"],
    "NATO": ["NATO", "Nato", "North Atlantic Treaty Organization", "North Atlantic Alliance", "Atlantic alliance"],
    "United Nations": ["United Nations", "UN", "U.N.", "UN Security Council", "U.N. Security Council", "Security Council",
                       "UN General Assembly"],
    "European Commission": ["European Commission"],
    "European Parliament": ["European Parliament"],
    "G7": ["G7", "G-7", "Group of Seven"],
    "G20": ["G20", "G-20", "Group of 20"],
    "BRICS": ["BRICS"],
    "Shanghai Cooperation Organisation": ["Shanghai Cooperation Organisation", "Shanghai Cooperation Organization", "SCO"],
    "ASEAN": ["ASEAN", "Association of Southeast Asian Nations"],
    "African Union": ["African Union"],
    "OSCE": ["OSCE", "Organization for Security and Co-operation in Europe"],
    "OPEC": ["OPEC", "OPEC+"],
    "World Health Organization": ["World Health Organization", "WHO"],
    "International Monetary Fund": ["International Monetary Fund", "IMF"],
    "World Bank": ["World Bank"],
    "World Trade Organization": ["World Trade Organization", "WTO"],
    "International Criminal Court": ["International Criminal Court", "ICC"],
    "International Atomic Energy Agency": ["International Atomic Energy Agency", "IAEA"],
    "Red Cross": ["Red Cross", "ICRC"],
    "Pentagon": ["Pentagon"],
    "State Department": ["State Department"],
    "Federal Reserve": ["Federal Reserve", "Fed"],
    "Congress": ["Congress"],
    "FBI": ["FBI", "F.B.I."],
    "CIA": ["CIA", "C.I.A."],
    "Justice Department": ["Justice Department", "Department of Justice", "DOJ"],
    "Supreme Court": ["Supreme Court"],
    "Democratic Party": ["Democratic Party", "Democrats"],
    "Republican Party": ["Republican Party", "Republicans", "GOP"],
    "Hamas": ["Hamas"],
    "Hezbollah": ["Hezbollah"],
    "Taliban": ["Taliban"],
    "Islamic State": ["Islamic State", "ISIS", "ISIL"],
    "Wagner Group": ["Wagner Group", "Wagner"],
}

# Regions that news treats as actors ("relations with Europe", "Western unity").
REGIONS: dict[str, list[str]] = {
    "Europe": ["Europe", "European", "Europeans"],
    "the West": ["the West", "West", "Western"],
}

# Bare "Georgia", "Jordan", "Chad" and the like are also US states or first names; a country
# is only recognised by these names when they are not a person's first name (see actors.py).
AMBIGUOUS_NAMES = {"Georgia", "Jordan", "Chad", "Niger", "Guinea", "Fed", "WHO", "US", "Wagner", "Congress", "West",
                   "Security Council", "Delhi", "Rome", "Santiago", "Sofia", "Victoria", "Georgian"}


# Country names that are also US states (and Washington, the capital that is also a state):
# a mention is the US state, not the country, when a word from the first list is in the same
# sentence and none from the second is ("Georgia's capital Atlanta" against "Georgia's capital
# Tbilisi").
US_STATE_HOMONYMS: dict[str, tuple[set[str], set[str]]] = {
    "Georgia": ({"Atlanta", "Savannah", "Augusta", "Macon", "Fulton", "Peach", "county", "counties", "Gov.",
                 "governor", "runoff", "Kemp", "Raffensperger", "Warnock", "Ossoff", "Abrams", "Alabama",
                 "Florida", "Tennessee", "Carolina", "Arizona", "Pennsylvania", "Michigan", "Wisconsin", "Nevada",
                 "Texas", "Ohio", "Virginia", "primary", "primaries", "GOP", "Republicans", "Democrats",
                 "secretary of state", "state legislature", "statehouse"},
                {"Tbilisi", "Caucasus", "Abkhazia", "Ossetia", "Saakashvili", "Georgian Dream", "Kremlin", "Moscow",
                 "Armenia", "Azerbaijan", "Black Sea", "Batumi", "Kutaisi"}),
    "Washington": ({"Seattle", "Spokane", "Tacoma", "Olympia", "Washington state", "Washington State",
                    "state of Washington", "Inslee"}, set()),
}


@dataclass
class Entry:
    """One known actor: its display name, kind (state, organisation) and the names it goes by."""

    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)


def _pycountry_names(country) -> list[str]:
    names = [country.name]
    for attr in ("common_name", "official_name"):
        value = getattr(country, attr, None)
        if value:
            names.append(value)
    # "Korea, Republic of" and "Iran, Islamic Republic of" are index forms, not news names
    return [n for n in names if "," not in n and "(" not in n]


def build_gazetteer() -> list[Entry]:
    """Every state (from pycountry, plus the curated names above) and every organisation."""
    import pycountry

    entries = []
    for country in pycountry.countries:
        extra = STATE_EXTRAS.get(country.alpha_2)
        if extra:
            name, short, demonyms, seats = extra
            aliases = short + demonyms + seats + _pycountry_names(country)
        else:
            names = _pycountry_names(country)
            if not names:
                continue
            name, aliases = getattr(country, "common_name", None) or names[0], names
        entries.append(Entry(name, "state", list(dict.fromkeys(aliases))))
    entries += [Entry(name, "organisation", list(dict.fromkeys(aliases))) for name, aliases in ORGANISATIONS.items()]
    entries += [Entry(name, "region", list(aliases)) for name, aliases in REGIONS.items()]
    return entries
