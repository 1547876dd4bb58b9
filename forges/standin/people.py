"""The stand-in forges' people and what they contributed, dated relative to today so that the
programme's "within the last N months" rules keep holding for them.

Each contribution is one line: (repository, kind, days ago, title, state). ``kind`` is ``pull``
(a pull request; ``state`` merged or open) or ``issue`` (``state`` open or closed; on GitHub a
closed issue labelled ``accepted`` is what MindSpore's mirror accepts).
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Contribution:
    repository: str  # owner/name
    kind: str  # "pull" or "issue"
    days_ago: int
    title: str
    state: str
    labels: tuple[str, ...] = ()
    number: int = 0


@dataclass(frozen=True)
class Person:
    forge: str
    id: int
    login: str
    name: str
    email: str | None
    about: str
    contributions: tuple[Contribution, ...] = field(default_factory=tuple)


def _numbered(forge_offset: int, contributions) -> tuple[Contribution, ...]:
    return tuple(
        Contribution(*line[:5], labels=tuple(line[5]) if len(line) > 5 else (), number=n)
        for n, line in enumerate(contributions, start=forge_offset)
    )


PEOPLE = (
    Person(
        "gitee",
        99,
        "li-wei",
        "李伟",
        None,  # Gitee rarely gives an address: the sign-up form asks for one
        "A tutorial and a model merged, two accepted issues: half of Excellent Developer.",
        _numbered(
            1200,
            [
                ("mindspore/docs", "pull", 20, "新增 MindSpore Lite 端侧推理教程", "merged"),
                ("mindspore/models", "pull", 45, "新增 ResNet-50 图像分类案例", "merged"),
                ("mindspore/mindspore", "pull", 3, "优化 Conv2D 在 CPU 上的性能", "open"),
                ("mindspore/mindspore", "issue", 70, "MatMul 在动态 shape 下报错", "closed"),
                ("mindspore/mindspore", "issue", 40, "Dropout 在图模式下结果不稳定", "closed"),
                ("mindspore/mindformers", "issue", 10, "LLaMA 微调脚本缺少参数说明", "open"),
            ],
        ),
    ),
    Person(
        "gitee",
        100,
        "wang-fang",
        "王芳",
        None,
        "One open issue: linked, but nothing that counts yet.",
        _numbered(
            1300, [("mindspore/mindspore", "issue", 5, "安装文档中的 CUDA 版本过旧", "open")]
        ),
    ),
    Person(
        "github",
        5811,
        "octo-dev",
        "Octo Dev",
        "octo-dev@example.org",
        "Three framework pull requests merged on the GitHub mirror, and an accepted issue.",
        _numbered(
            300,
            [
                ("mindspore-ai/mindspore", "pull", 30, "Fix Conv2D padding on CPU", "merged"),
                ("mindspore-ai/mindspore", "pull", 60, "Add bfloat16 to ReduceSum", "merged"),
                ("mindspore-ai/mindspore", "pull", 90, "Faster AllReduce fusion", "merged"),
                ("mindspore-ai/docs", "issue", 15, "Broken link", "closed", ["accepted"]),
            ],
        ),
    ),
)

# Other people's merged pull requests in the busiest repository, so that a listing has pages.
CROWD = tuple(
    Contribution(
        "mindspore/mindspore",
        "pull",
        1 + n % 300,
        f"Routine change #{n}",
        "merged",
        number=5000 + n,
    )
    for n in range(180)
)
CROWD_LOGIN = "mindspore-robot"


def people_of(forge: str) -> list[Person]:
    return [person for person in PEOPLE if person.forge == forge]


def person(forge: str, login: str) -> Person | None:
    return next((p for p in people_of(forge) if p.login == login), None)


def when(days_ago: int, *, now: datetime.datetime | None = None) -> datetime.datetime:
    now = now or datetime.datetime.now(datetime.UTC)
    return (now - datetime.timedelta(days=days_ago)).replace(
        hour=10, minute=20, second=0, microsecond=0
    )
