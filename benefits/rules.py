"""Who may do what with benefits: one home for each rule, shared by views and services."""


def may_fulfil(user) -> bool:
    """See shipping addresses and fulfil grants: holders of ``benefits.manage_fulfilment``."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(
        "benefits.manage_fulfilment"
    )
