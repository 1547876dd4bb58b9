from .application import Application, ApplicationEvent
from .evidence import Evidence
from .holding import HeldTier
from .profile import Profile

__all__ = ["Application", "ApplicationEvent", "Evidence", "HeldTier", "Profile"]
