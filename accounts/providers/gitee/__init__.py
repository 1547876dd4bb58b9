"""Sign in with Gitee: an allauth OAuth2 provider with allauth's layout (provider, views, urls).

Gitee's OAuth2 (https://gitee.com/api/v5/oauth_doc): authorize at
``{GITEE_OAUTH_URL}/oauth/authorize``, exchange the code at ``{GITEE_OAUTH_URL}/oauth/token``,
then ``GET {GITEE_API_URL}/user?access_token=…`` says who the person is.
"""
