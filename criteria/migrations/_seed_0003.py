"""The evangelist track's rules as migration 0003 loads them (rule-set version 2), frozen.

Django's migration loader skips modules whose name starts with an underscore. This copy of the
data and of the loader stays as it was when 0003 was written, so later edits of
``criteria.programme`` never change what a fresh ``migrate`` produces. Change the programme with
a new migration, never here.
"""

from typing import Any

# Frozen too: importing them keeps this copy as it was.
from ._seed_0002 import _count, _text, publish_if_changed


def _answering(months: int, minimum: int) -> dict[str, Any]:
    return {
        "type": "window_sum",
        "kind": "community_support",
        "months": months,
        "field": "count",
        "min_total": minimum,
    }


_BUILDING = {
    "type": "any_of",
    "rules": [
        _count("pull_request", state="merged"),
        _count("community_issue", state="accepted"),
        _count("doc_contribution"),
    ],
}


EVANGELIST_TIERS = [
    {
        "slug": "evangelist-reserve",
        "track": "evangelist",
        "rank": 1,
        "name": _text("Evangelist Reserve", "布道师预备队"),
        "description": _text(
            "The community's future messengers, keenly learning MindSpore to join the evangelists.",
            "社区未来传播者，主动积极的学习昇思技术，以加入布道师行列",
        ),
        "groups": [
            {
                "key": "learning",
                "title": _text("Actively learn MindSpore", "主动学习昇思技术"),
                "items": [
                    {
                        "key": "course",
                        "title": _text("Course completion", "课程结业"),
                        "explanation": _text(
                            "Complete at least one MindSpore course (for example on the "
                            "MindSpore website or Huawei's talent platform).",
                            "完成至少一门昇思课程（如昇思官网或华为人才在线的课程）。",
                        ),
                        "rule": _count("course_completion"),
                    },
                    {
                        "key": "study-camp",
                        "title": _text("Study camp", "训练营"),
                        "explanation": _text(
                            "Complete at least one MindSpore study camp.",
                            "完成至少一期昇思训练营。",
                        ),
                        "rule": _count("study_camp"),
                    },
                    {
                        "key": "certificate",
                        "title": _text("Certificate", "技术认证证书"),
                        "explanation": _text(
                            "Hold at least one certificate in AI with MindSpore, such as "
                            "Huawei's HCIA-AI.",
                            "获得至少一项与昇思相关的 AI 技术认证证书，如华为 HCIA-AI。",
                        ),
                        "rule": _count("certificate"),
                    },
                ],
            },
            {
                "key": "participation",
                "title": _text("Share what you learn", "分享所学"),
                "items": [
                    {
                        "key": "sharing-session",
                        "title": _text("Community sharing", "社区分享"),
                        "explanation": _text(
                            "Speak at least once at a community sharing session.",
                            "在社区分享活动中至少分享一次。",
                        ),
                        "rule": _count("sharing_session"),
                    },
                    {
                        "key": "tech-article",
                        "title": _text("Technical article", "技术文章"),
                        "explanation": _text(
                            "Publish at least one technical article about MindSpore.",
                            "发表至少一篇关于昇思的技术文章。",
                        ),
                        "rule": _count("tech_article"),
                    },
                    {
                        "key": "wechat-article",
                        "title": _text("WeChat article", "公众号文章"),
                        "explanation": _text(
                            "Have at least one article selected for publication on the "
                            "MindSpore WeChat official account.",
                            "至少一篇文章被昇思微信公众号选中发表。",
                        ),
                        "rule": _count("wechat_article", state="selected"),
                    },
                    {
                        "key": "training",
                        "title": _text("Training", "培训"),
                        "explanation": _text(
                            "Be a trainer at least once at a community activity.",
                            "至少一次在社区活动中担任讲师。",
                        ),
                        "rule": _count("training_session"),
                    },
                    {
                        "key": "answering",
                        "title": _text("Answering questions", "答疑解惑"),
                        "explanation": _text(
                            "Answer at least 10 questions from other developers in the "
                            "community within 12 consecutive months.",
                            "连续 12 个月内在社区累计解答其他开发者的问题至少 10 次。",
                        ),
                        "rule": _answering(12, 10),
                    },
                ],
            },
        ],
    },
    {
        "slug": "evangelist",
        "track": "evangelist",
        "rank": 2,
        "name": _text("Evangelist", "布道师"),
        "description": _text(
            "Emerging leaders of influence with strong technical skills who actively promote "
            "MindSpore.",
            "初阶影响力领袖，具备强大技术能力，积极推广昇思技术",
        ),
        "groups": [
            {
                "key": "training",
                "title": _text("Evangelize technologies as a trainer", "作为讲师传播昇思技术"),
                "items": [
                    {
                        "key": "trainer",
                        "title": _text("Trainer at community activities", "社区活动讲师"),
                        "explanation": _text(
                            "Be the trainer at two or more MindSpore community activities.",
                            "在两次及以上昇思社区活动中担任讲师。",
                        ),
                        "rule": _count("training_session", 2),
                    }
                ],
            },
            {
                "key": "influence",
                "title": _text("Technical practices", "技术实践"),
                "items": [
                    {
                        "key": "articles",
                        "title": _text("Technical articles", "技术文章"),
                        "explanation": _text(
                            "Publish at least three original technical articles about MindSpore.",
                            "发表至少三篇关于昇思的原创技术文章。",
                        ),
                        "rule": _count("tech_article", 3),
                    },
                    {
                        "key": "wechat-articles",
                        "title": _text("WeChat articles", "公众号文章"),
                        "explanation": _text(
                            "Have at least three articles selected for publication on the "
                            "MindSpore WeChat official account.",
                            "至少三篇文章被昇思微信公众号选中发表。",
                        ),
                        "rule": _count("wechat_article", 3, state="selected"),
                    },
                    {
                        "key": "sharing",
                        "title": _text("Community sharing", "社区分享"),
                        "explanation": _text(
                            "Speak at least twice at community sharing sessions.",
                            "在社区分享活动中至少分享两次。",
                        ),
                        "rule": _count("sharing_session", 2),
                    },
                    {
                        "key": "answering",
                        "title": _text("Answering questions", "答疑解惑"),
                        "explanation": _text(
                            "Answer at least 20 questions from other developers in the "
                            "community within two consecutive months.",
                            "连续两个月内在社区累计解答其他开发者的问题至少 20 次。",
                        ),
                        "rule": _answering(2, 20),
                    },
                ],
            },
            {
                "key": "building",
                "title": _text("Build MindSpore", "共建昇思"),
                "items": [
                    {
                        "key": "issue-or-pr",
                        "title": _text("Issues, PRs or documents", "Issue、PR 或文档"),
                        "explanation": _text(
                            "Take an active part in building the community: at least one merged "
                            "PR, one accepted issue or one document contribution.",
                            "积极参与社区共建：至少一个 PR 被合入、一个 Issue 被接纳或贡献一篇"
                            "文档。",
                        ),
                        "rule": _BUILDING,
                    }
                ],
            },
        ],
    },
    {
        "slug": "senior-evangelist",
        "track": "evangelist",
        "rank": 3,
        "prerequisite": "evangelist",
        "approvals_required": 2,
        "name": _text("Senior Evangelist", "资深布道师"),
        "description": _text(
            "Senior leaders of influence with rich technical experience and a marked impact on "
            "the community's ecosystem.",
            "高阶影响力领袖，拥有丰富技术经验，对社区生态有显著影响力",
        ),
        "groups": [
            {
                "key": "foundation",
                "title": _text("Meet the requirements of Evangelists", "满足布道师的要求"),
                "items": [
                    {
                        "key": "evangelist-requirements",
                        "title": _text("Evangelist requirements", "布道师要求"),
                        "explanation": _text(
                            "Meet the requirements of Evangelists, or hold that certification.",
                            "满足布道师的要求，或已获得该认证。",
                        ),
                        "rule": {"type": "meets_tier", "tier": "evangelist"},
                    }
                ],
            },
            {
                "key": "impact",
                "title": _text("Marked impact on the community", "对社区生态有显著影响"),
                "items": [
                    {
                        "key": "training-reach",
                        "title": _text("Training reach", "培训覆盖"),
                        "explanation": _text(
                            "Train at least 500 attendees in community activities within 12 "
                            "consecutive months.",
                            "连续 12 个月内在社区活动中累计培训至少 500 人次。",
                        ),
                        "rule": {
                            "type": "window_sum",
                            "kind": "training_session",
                            "months": 12,
                            "field": "attendees",
                            "min_total": 500,
                        },
                    },
                    {
                        "key": "training-count",
                        "title": _text("Regular trainer", "常驻讲师"),
                        "explanation": _text(
                            "Be the trainer at six or more community activities.",
                            "在六次及以上社区活动中担任讲师。",
                        ),
                        "rule": _count("training_session", 6),
                    },
                    {
                        "key": "articles",
                        "title": _text("Body of writing", "系列技术文章"),
                        "explanation": _text(
                            "Publish at least ten original technical articles about MindSpore.",
                            "发表至少十篇关于昇思的原创技术文章。",
                        ),
                        "rule": _count("tech_article", 10),
                    },
                    {
                        "key": "wechat-articles",
                        "title": _text("WeChat series", "系列公众号文章"),
                        "explanation": _text(
                            "Have at least ten articles selected for publication on the "
                            "MindSpore WeChat official account.",
                            "至少十篇文章被昇思微信公众号选中发表。",
                        ),
                        "rule": _count("wechat_article", 10, state="selected"),
                    },
                    {
                        "key": "answering",
                        "title": _text("Answering questions", "答疑解惑"),
                        "explanation": _text(
                            "Answer at least 40 questions from other developers in the "
                            "community within two consecutive months.",
                            "连续两个月内在社区累计解答其他开发者的问题至少 40 次。",
                        ),
                        "rule": _answering(2, 40),
                    },
                ],
            },
        ],
    },
]


def load_evangelist_rules(apps) -> None:
    """Replace the evangelist tiers' groups and items with ``EVANGELIST_TIERS`` (removing the
    ones it no longer has) and publish each tier's rules as a new version if they changed."""
    Tier = apps.get_model("criteria", "Tier")
    Group = apps.get_model("criteria", "RequirementGroup")
    Item = apps.get_model("criteria", "RequirementItem")
    RuleSet = apps.get_model("criteria", "RuleSet")

    for data in EVANGELIST_TIERS:
        prerequisite = data.get("prerequisite")
        tier = Tier.objects.get(slug=data["slug"])
        tier.prerequisite = Tier.objects.get(slug=prerequisite) if prerequisite else None
        tier.name_en, tier.name_zh = data["name"]["en"], data["name"]["zh"]
        tier.description_en = data["description"]["en"]
        tier.description_zh = data["description"]["zh"]
        tier.save()
        tier.groups.exclude(key__in=[group["key"] for group in data["groups"]]).delete()
        for group_order, group_data in enumerate(data["groups"], start=1):
            group, _ = Group.objects.update_or_create(
                tier=tier,
                key=group_data["key"],
                defaults={
                    "title_en": group_data["title"]["en"],
                    "title_zh": group_data["title"]["zh"],
                    "min_items": group_data.get("min_items", 1),
                    "optional": group_data.get("optional", False),
                    "order": group_order,
                },
            )
            group.items.exclude(key__in=[item["key"] for item in group_data["items"]]).delete()
            for item_order, item_data in enumerate(group_data["items"], start=1):
                Item.objects.update_or_create(
                    group=group,
                    key=item_data["key"],
                    defaults={
                        "title_en": item_data["title"]["en"],
                        "title_zh": item_data["title"]["zh"],
                        "explanation_en": item_data["explanation"]["en"],
                        "explanation_zh": item_data["explanation"]["zh"],
                        "rule": item_data["rule"],
                        "order": item_order,
                    },
                )
        publish_if_changed(tier, RuleSet)
