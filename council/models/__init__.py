"""The liaison council: bodies and their rosters, meetings with agendas and attendance, materials,
minutes, opinions, follow-ups, mail subscriptions and the search index."""

from council.models.audience import Audience, CouncilError, reach_of
from council.models.bodies import Body, BodyMember, Substitute
from council.models.commonisation import Candidate, CandidateProject, CandidateStep
from council.models.followups import FollowUp
from council.models.materials import Material, MaterialVersion
from council.models.meetings import AgendaItem, Attendance, Meeting
from council.models.minutes import Minutes, Remark
from council.models.opinions import OpinionRequest, OpinionResponse
from council.models.search import MaterialText, SearchEntry
from council.models.subscriptions import Publication, Subscription

__all__ = [
    "AgendaItem",
    "Attendance",
    "Audience",
    "Body",
    "BodyMember",
    "Candidate",
    "CandidateProject",
    "CandidateStep",
    "CouncilError",
    "FollowUp",
    "Material",
    "MaterialText",
    "MaterialVersion",
    "Meeting",
    "Minutes",
    "OpinionRequest",
    "OpinionResponse",
    "Publication",
    "Remark",
    "SearchEntry",
    "Subscription",
    "Substitute",
    "reach_of",
]
