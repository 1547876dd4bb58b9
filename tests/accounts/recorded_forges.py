"""Gitee's and GitHub's OAuth answers, recorded in the shapes their documentation gives.

Gitee: https://gitee.com/api/v5/oauth_doc (token JSON; errors from its Doorkeeper server) and
``GET /api/v5/user``. GitHub: "Authorizing OAuth apps" (without an Accept header the token
endpoint answers form-encoded, errors included, with status 200) and ``GET /user``.
The tokens are fake but shaped like real ones, so a leak would be found by searching for them.
"""

GITEE_TOKEN = "5a3c1e0f9d8b7a6c5e4d3c2b1a0f9e8d"
GITEE_REFRESH = "0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e"
GITHUB_TOKEN = "gho_16C7e42F292c6912E7710c838347Ae178B4a"

GITEE_TOKEN_OK = {
    "access_token": GITEE_TOKEN,
    "token_type": "bearer",
    "expires_in": 86400,
    "refresh_token": GITEE_REFRESH,
    "scope": "user_info",
    "created_at": 1764140000,
}
# A code used twice, expired or sent with the wrong redirect_uri.
GITEE_TOKEN_INVALID_GRANT = {
    "error": "invalid_grant",
    "error_description": "授权方式无效，或者登录回调地址无效、过期或已被撤销",
}
GITEE_TOKEN_INVALID_CLIENT = {
    "error": "invalid_client",
    "error_description": "由于未知、不支持的认证方式或者未包含客户端认证信息，客户端认证失败",
}

GITEE_USER = {
    "id": 8123456,
    "login": "li-hua",
    "name": "李华",
    "avatar_url": "https://foruda.gitee.com/avatar/1677000000000000000/8123456_li-hua_1677000000.png",
    "url": "https://gitee.com/api/v5/users/li-hua",
    "html_url": "https://gitee.com/li-hua",
    "remark": "",
    "followers_url": "https://gitee.com/api/v5/users/li-hua/followers",
    "following_url": "https://gitee.com/api/v5/users/li-hua/following_url{/other_user}",
    "gists_url": "https://gitee.com/api/v5/users/li-hua/gists{/gist_id}",
    "starred_url": "https://gitee.com/api/v5/users/li-hua/starred{/owner}{/repo}",
    "subscriptions_url": "https://gitee.com/api/v5/users/li-hua/subscriptions",
    "organizations_url": "https://gitee.com/api/v5/users/li-hua/orgs",
    "repos_url": "https://gitee.com/api/v5/users/li-hua/repos",
    "events_url": "https://gitee.com/api/v5/users/li-hua/events{/privacy}",
    "received_events_url": "https://gitee.com/api/v5/users/li-hua/received_events",
    "type": "User",
    "blog": None,
    "weibo": None,
    "bio": "MindSpore 爱好者",
    "public_repos": 12,
    "public_gists": 0,
    "followers": 8,
    "following": 3,
    "stared": 21,
    "watched": 15,
    "created_at": "2019-03-02T10:21:44+08:00",
    "updated_at": "2026-11-20T09:12:03+08:00",
    "email": None,
}
GITEE_USER_UNAUTHORIZED = {"message": "401 Unauthorized: Access token does not exist"}

GITHUB_TOKEN_OK = f"access_token={GITHUB_TOKEN}&scope=read%3Auser&token_type=bearer"
GITHUB_TOKEN_BAD_CODE = (
    "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired."
    "&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps%2Fmanaging-oauth-apps%2Ftroubleshooting-"
    "oauth-app-access-token-request-errors%2F%23bad-verification-code"
)
GITHUB_TOKEN_INCORRECT_CLIENT = (
    "error=incorrect_client_credentials&error_description=The+client_id+and%2For+client_secret"
    "+passed+are+incorrect.&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps%2Fmanaging-oauth-apps"
    "%2Ftroubleshooting-oauth-app-access-token-request-errors%2F%23incorrect-client-credentials"
)

GITHUB_USER = {
    "login": "lihua-ms",
    "id": 58123456,
    "node_id": "MDQ6VXNlcjU4MTIzNDU2",
    "avatar_url": "https://avatars.githubusercontent.com/u/58123456?v=4",
    "gravatar_id": "",
    "url": "https://api.github.com/users/lihua-ms",
    "html_url": "https://github.com/lihua-ms",
    "followers_url": "https://api.github.com/users/lihua-ms/followers",
    "following_url": "https://api.github.com/users/lihua-ms/following{/other_user}",
    "gists_url": "https://api.github.com/users/lihua-ms/gists{/gist_id}",
    "starred_url": "https://api.github.com/users/lihua-ms/starred{/owner}{/repo}",
    "subscriptions_url": "https://api.github.com/users/lihua-ms/subscriptions",
    "organizations_url": "https://api.github.com/users/lihua-ms/orgs",
    "repos_url": "https://api.github.com/users/lihua-ms/repos",
    "events_url": "https://api.github.com/users/lihua-ms/events{/privacy}",
    "received_events_url": "https://api.github.com/users/lihua-ms/received_events",
    "type": "User",
    "user_view_type": "private",
    "site_admin": False,
    "name": "Li Hua",
    "company": "@mindspore-ai",
    "blog": "",
    "location": "Hangzhou",
    "email": "lihua@example.org",
    "hireable": None,
    "bio": None,
    "twitter_username": None,
    "notification_email": "lihua@example.org",
    "public_repos": 9,
    "public_gists": 1,
    "followers": 14,
    "following": 2,
    "created_at": "2019-11-30T08:01:02Z",
    "updated_at": "2026-11-02T12:40:10Z",
    "private_gists": 0,
    "total_private_repos": 0,
    "owned_private_repos": 0,
    "disk_usage": 2048,
    "collaborators": 0,
    "two_factor_authentication": True,
    "plan": {"name": "free", "space": 976562499, "collaborators": 0, "private_repos": 10000},
}
GITHUB_BAD_CREDENTIALS = {
    "message": "Bad credentials",
    "documentation_url": "https://docs.github.com/rest",
    "status": "401",
}
GITHUB_SERVER_ERROR_HTML = (
    "<!DOCTYPE html><html><head><title>Unicorn! · GitHub</title></head></html>"
)
GITEE_SERVER_ERROR_HTML = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>"
