"""The programme as the seed page states it (developer track), plus the default rules we ship for
the evangelist track, which the seed names without rules: data only.

``criteria.seeding`` loads it (tests, fresh set-ups) and ``criteria.publishing`` turns tiers into
rule-set versions. Migrations never import this module: each keeps its own frozen copy of what
it loads (``criteria/migrations/_seed_0002.py``).
"""

from typing import Any


def _text(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _count(kind: str, minimum: int = 1, **where) -> dict[str, Any]:
    rule: dict[str, Any] = {"type": "count", "kind": kind, "min": minimum}
    if where:
        rule["where"] = where
    return rule


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


TRACKS = [
    {
        "slug": "developer",
        "order": 1,
        "name": _text("Developers", "开发者"),
        "description": _text(
            "Build MindSpore: commit issues and pull requests, write documentation and code.",
            "共建昇思：提交 Issue 和 PR，贡献文档与代码。",
        ),
    },
    {
        "slug": "evangelist",
        "order": 2,
        "name": _text("Evangelists", "布道师"),
        "description": _text(
            "Share MindSpore-related technologies as a trainer in MindSpore open-source "
            "community activities.",
            "作为讲师，在昇思开源社区活动中分享昇思相关技术。",
        ),
    },
]

TIERS = [
    {
        "slug": "developer",
        "track": "developer",
        "rank": 1,
        "certifiable": False,
        "name": _text("Developer", "开发者"),
        "description": _text(
            "AI open-source enthusiasts who share the open-source ideals and want to contribute.",
            "AI开源爱好者，认同开源理念，愿意参与开源贡献",
        ),
        "groups": [],
    },
    {
        "slug": "excellent-developer",
        "track": "developer",
        "rank": 2,
        "name": _text("Excellent Developer", "优秀开发者"),
        "description": _text(
            "Emerging technical leaders who actively contribute code and innovative solutions "
            "to the community.",
            "初阶技术领袖，积极参与社区代码贡献和创新解决方案",
        ),
        "groups": [
            {
                "key": "contribution",
                "title": _text(
                    "Actively contribute to the MindSpore open-source community",
                    "积极参与昇思开源社区贡献",
                ),
                "items": [
                    {
                        "key": "community-issues",
                        "title": _text("Community issues", "社区 Issue"),
                        "explanation": _text(
                            "Submit community issues reporting framework bugs for two "
                            "consecutive months, with at least two issues being accepted.",
                            "连续两个月提交反馈框架缺陷的社区 Issue，且至少两个 Issue 被接纳。",
                        ),
                        "rule": {
                            "type": "consecutive_months",
                            "kind": "community_issue",
                            "months": 2,
                            "min_each_month": 1,
                            "min_total": 2,
                            "where": {"state": "accepted"},
                        },
                    },
                    {
                        "key": "docs",
                        "title": _text("Documentation contribution", "文档贡献"),
                        "explanation": _text(
                            "Contribute at least one document or tutorial to the community "
                            "(detailed framework or toolkit documents, tutorials based on "
                            "MindSpore application cases, etc.).",
                            "向社区贡献至少一篇文档或教程（包括框架/套件的详细文档、基于昇思"
                            "应用案例的教程文档等）。",
                        ),
                        "rule": _count("doc_contribution"),
                    },
                    {
                        "key": "code",
                        "title": _text("Code contribution", "代码贡献"),
                        "explanation": _text(
                            "Contribute model algorithms or application cases to the community, "
                            "with at least one PR merged, or provide at least one project code "
                            "file or project link.",
                            "向社区贡献模型算法或应用案例，至少一个 PR 被合入，或提供至少一个"
                            "项目代码文件或项目链接。",
                        ),
                        "rule": {
                            "type": "any_of",
                            "rules": [
                                _count("pull_request", state="merged"),
                                _count("project_link"),
                            ],
                        },
                    },
                ],
            },
            {
                "key": "influence",
                "title": _text("Expand the influence of MindSpore", "扩大昇思的影响力"),
                "items": [
                    {
                        "key": "article",
                        "title": _text("Technical insights", "技术洞察"),
                        "explanation": _text(
                            "Publish at least one technical article related to MindSpore that "
                            "meets the requirements for technical content submission.",
                            "发表至少一篇与昇思相关的技术文章，且文章符合技术内容投稿要求。",
                        ),
                        "rule": _count("tech_article"),
                    },
                    {
                        "key": "growth-sharing",
                        "title": _text("Growth sharing", "成长分享"),
                        "explanation": _text(
                            "Take part in WeChat official account submissions, with at least "
                            "one article selected for publication (growth stories, technical "
                            "sharing and similar topics).",
                            "参与微信公众号投稿，至少一篇文章被选中发表（不限于开发者成长故事、"
                            "技术分享等主题）。",
                        ),
                        "rule": _count("wechat_article", state="selected"),
                    },
                    {
                        "key": "tech-sharing",
                        "title": _text("Technical sharing", "技术分享"),
                        "explanation": _text(
                            "Take part in at least one community sharing session, online or "
                            "offline (SIG technical livestreams, Developer Talk and similar).",
                            "参与至少一次社区分享，线上线下不限（包括社区 SIG 技术分享直播、"
                            "Developer Talk 等活动）。",
                        ),
                        "rule": _count("sharing_session"),
                    },
                ],
            },
        ],
    },
    {
        "slug": "senior-developer",
        "track": "developer",
        "rank": 3,
        "prerequisite": "excellent-developer",
        "approvals_required": 2,
        "name": _text("Senior Developer", "资深开发者"),
        "description": _text(
            "Senior technical leaders who lead feature-level development and drive the "
            "community's technology.",
            "高阶技术领袖，能主导特性级的开发，领衔社区技术发展",
        ),
        "groups": [
            {
                "key": "foundation",
                "title": _text(
                    "Meet the basic requirements of Excellent Developers",
                    "满足优秀开发者的基本要求",
                ),
                "items": [
                    {
                        "key": "excellent-requirements",
                        "title": _text("Excellent Developer requirements", "优秀开发者要求"),
                        "explanation": _text(
                            "Meet the preceding basic requirements of Excellent Developers, or "
                            "hold that certification.",
                            "满足前述优秀开发者的基本要求，或已获得该认证。",
                        ),
                        "rule": {"type": "meets_tier", "tier": "excellent-developer"},
                    }
                ],
            },
            {
                "key": "outstanding",
                "title": _text("Outstanding community contribution", "突出的社区贡献"),
                "items": [
                    {
                        "key": "toolkit-core",
                        "title": _text("Toolkit core developer", "套件核心开发者"),
                        "explanation": _text(
                            "As a core developer of a toolkit, contribute core code (component "
                            "or operator development, integration), with at least 3 PRs merged.",
                            "作为套件核心开发者贡献核心代码（如组件开发、算子开发或集成），"
                            "至少 3 个 PR 被合入。",
                        ),
                        "rule": _count("pull_request", 3, state="merged", scope="toolkit_core"),
                    },
                    {
                        "key": "framework-core",
                        "title": _text("Framework core developer", "框架核心开发者"),
                        "explanation": _text(
                            "As a core developer of the framework, contribute core code with at "
                            "least 1 PR merged.",
                            "作为框架核心开发者贡献核心代码，至少 1 个 PR 被合入。",
                        ),
                        "rule": _count("pull_request", 1, state="merged", scope="framework_core"),
                    },
                    {
                        "key": "community-support",
                        "title": _text("Community support", "社区支持"),
                        "explanation": _text(
                            "Help other developers resolve issues, answer technical questions "
                            "on forums and improve the framework: at least 40 contributions "
                            "within two consecutive months.",
                            "协助其他开发者解决问题、在论坛提供技术答疑、完善框架，连续两个月内"
                            "累计至少 40 次贡献。",
                        ),
                        "rule": {
                            "type": "window_sum",
                            "kind": "community_support",
                            "months": 2,
                            "field": "count",
                            "min_total": 40,
                        },
                    },
                    {
                        "key": "arxiv-paper",
                        "title": _text("Paper on arXiv", "arXiv 论文"),
                        "explanation": _text(
                            "Publish an original paper based on MindSpore on arXiv.",
                            "发表基于昇思的原创论文并成功上传至 arXiv。",
                        ),
                        "rule": _count("arxiv_paper"),
                    },
                    {
                        "key": "showcase-projects",
                        "title": _text("High-quality open-source projects", "高质量开源项目"),
                        "explanation": _text(
                            "Create at least 4 high-quality open-source projects with MindSpore, "
                            "integrated into the official community repository and showcased "
                            "at large-scale events.",
                            "使用昇思打造至少 4 个高质量开源项目，合入社区官方仓库，并参加大型"
                            "活动展示。",
                        ),
                        "rule": _count("showcase_project", 4, integrated=True, showcased=True),
                    },
                    {
                        "key": "business-application",
                        "title": _text("Business application", "商业应用"),
                        "explanation": _text(
                            "Apply MindSpore to real business scenarios.",
                            "将昇思应用于真实商业场景。",
                        ),
                        "rule": _count("business_application"),
                    },
                    {
                        "key": "competition-award",
                        "title": _text("Competition award", "竞赛获奖"),
                        "explanation": _text(
                            "Build a project on MindSpore and win the highest national award "
                            "in a competition.",
                            "基于昇思开发项目参加竞赛，获得国家级最高奖项。",
                        ),
                        "rule": _count("competition_award", level="national_top"),
                    },
                    {
                        "key": "feature-leadership",
                        "title": _text("Feature-level leadership", "主导特性级开发"),
                        "explanation": _text(
                            "Lead a feature-level development in the MindSpore community (Gitee "
                            "or GitHub): take part in every monthly SIG meeting, lead the design "
                            "document and its review, and hold the SIG's Approver seat.",
                            "在昇思开源社区（Gitee 或 GitHub）主导特性级开发：全程参加相关 SIG "
                            "月度例会，主导设计文档的编写与评审，并担任 SIG 的 Approver。",
                        ),
                        "rule": _count(
                            "feature_leadership",
                            sig_meetings=True,
                            design_doc=True,
                            approver_seat=True,
                        ),
                    },
                ],
            },
            {
                "key": "invited",
                "optional": True,
                "title": _text("(Optional) Community invited developer", "（可选）社区受邀开发者"),
                "items": [
                    {
                        "key": "invited-developer",
                        "title": _text("Invited developer", "受邀开发者"),
                        "explanation": _text(
                            "You are a developer the community invited.", "您是社区的受邀开发者。"
                        ),
                        "rule": _count("invited_developer"),
                    }
                ],
            },
        ],
    },
    # The evangelist track since rule-set version 2 (migration 0003; version 1 is frozen in
    # migrations/_seed_0002.py). The seed names these tiers and the mission without rules, so
    # the rules are ours, each following the seed's own words: 布道师预备队 are "actively
    # learning MindSpore" (courses, study camps, certificates); the mission's "Technical
    # Practices" are original articles *and* answering other developers' questions, and its
    # "Building MindSpore" is committing issues or PRs; WeChat official account articles are
    # evangelism too. A senior tier asks to *meet* the tier below (holding it counts), the one
    # rule the seed states, for Senior Developer.
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
