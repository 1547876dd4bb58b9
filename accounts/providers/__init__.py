"""allauth providers for the forges people sign in with: Gitee (ours: allauth has none) and
GitHub (allauth's, with its addresses read from settings)."""
