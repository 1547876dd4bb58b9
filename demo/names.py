"""Realistic demo names in both scripts, combined deterministically."""

SURNAMES_ZH = [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "吴",
    "周",
    "徐",
    "孙",
    "马",
    "朱",
    "胡",
]
SURNAMES_PINYIN = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
]
GIVEN_ZH = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "晓东",
    "思远",
    "雨萱",
    "子涵",
    "浩然",
    "欣怡",
]
GIVEN_PINYIN = [
    "Wei",
    "Fang",
    "Na",
    "Min",
    "Jing",
    "Lei",
    "Yang",
    "Yong",
    "Yan",
    "Jie",
    "Tao",
    "Ming",
    "Chao",
    "Xia",
    "Ping",
    "Gang",
    "Guiying",
    "Jianhua",
    "Xiaodong",
    "Siyuan",
    "Yuxuan",
    "Zihan",
    "Haoran",
    "Xinyi",
]
LATIN_FIRST = [
    "Anna",
    "Lukas",
    "Sofia",
    "Mateo",
    "Priya",
    "Arjun",
    "Emma",
    "Noah",
    "Olga",
    "Kenji",
    "Amara",
    "Diego",
    "Lea",
    "Omar",
    "Sara",
    "Tomás",
]
LATIN_LAST = [
    "Müller",
    "García",
    "Rossi",
    "Kowalski",
    "Sharma",
    "Tanaka",
    "Silva",
    "Novak",
    "Haddad",
    "Johansson",
    "Dubois",
    "Okafor",
    "Petrov",
    "Nguyen",
    "Smith",
    "Kim",
]
ORGANISATIONS = [
    "Peking University",
    "Tsinghua University",
    "Zhejiang University",
    "Shanghai Jiao Tong University",
    "Huawei",
    "Pengcheng Laboratory",
    "Harbin Institute of Technology",
    "University of Cambridge",
    "ETH Zürich",
    "Wuhan University",
    "Sun Yat-sen University",
    "Independent developer",
]
CITIES = [
    ("Beijing", "China"),
    ("Shanghai", "China"),
    ("Shenzhen", "China"),
    ("Hangzhou", "China"),
    ("Wuhan", "China"),
    ("Chengdu", "China"),
    ("Xi'an", "China"),
    ("Nanjing", "China"),
    ("Munich", "Germany"),
    ("Cambridge", "United Kingdom"),
    ("Bangalore", "India"),
    ("Tokyo", "Japan"),
    ("São Paulo", "Brazil"),
]


def person(number: int) -> tuple[str, str, str, str, str]:
    """(display name, handle stem, organisation, city, country) for demo person ``number``."""
    if number % 5 == 4:
        first = LATIN_FIRST[number % len(LATIN_FIRST)]
        last = LATIN_LAST[(number // len(LATIN_FIRST)) % len(LATIN_LAST)]
        name, stem = f"{first} {last}", f"{first}-{last}"
    else:
        s = number % len(SURNAMES_ZH)
        g = (number // len(SURNAMES_ZH)) % len(GIVEN_ZH)
        name = (
            SURNAMES_ZH[s] + GIVEN_ZH[g]
            if number % 2
            else f"{GIVEN_PINYIN[g]} {SURNAMES_PINYIN[s]}"
        )
        stem = f"{SURNAMES_PINYIN[s]}-{GIVEN_PINYIN[g]}"
    city, country = CITIES[number % len(CITIES)]
    organisation = ORGANISATIONS[(number * 7) % len(ORGANISATIONS)]
    return name, stem, organisation, city, country
