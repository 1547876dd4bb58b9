from .application import Application, ApplicationEvent
from .evidence import Evidence
from .profile import Profile

__all__ = ["Application", "ApplicationEvent", "Evidence", "Profile"]
