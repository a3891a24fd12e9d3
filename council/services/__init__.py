"""Workflows of the council, by subject: meetings (bodies, rosters, 議事次第, attendance), materials
(versions and 差替え), minutes (speaker confirmation and publication), follow-ups (宿題事項) and
opinion requests (意見照会)."""

from council.services.agenda import add_agenda_item, change_agenda_item, change_agenda_item_status
from council.services.commonisation import (
    change_candidate_status,
    create_candidate,
    link_project,
    linkable_projects,
    linked_projects,
)
from council.services.followups import add_follow_up, change_follow_up_status
from council.services.materials import (
    add_material,
    change_version_status,
    people_to_tell_of_replacement,
    replace_material,
)
from council.services.meetings import (
    add_body_member,
    add_substitute,
    change_meeting_status,
    create_meeting,
    record_attendance,
)
from council.services.minutes import (
    add_remark,
    change_minutes_status,
    confirm_remarks,
    remind_speakers,
    save_minutes_summary,
)
from council.services.opinions import (
    change_opinion_request_status,
    create_opinion_request,
    opinion_table_rows,
    submit_opinion,
)
from council.services.subscriptions import (
    confirm_subscription,
    mail_digest,
    mail_publication,
    publish_to_subscribers,
    record_publication,
    subscribe,
    unsubscribe,
)

__all__ = [
    "add_agenda_item",
    "add_body_member",
    "add_follow_up",
    "add_material",
    "add_remark",
    "add_substitute",
    "change_agenda_item",
    "change_agenda_item_status",
    "change_candidate_status",
    "change_follow_up_status",
    "change_meeting_status",
    "change_minutes_status",
    "change_opinion_request_status",
    "change_version_status",
    "confirm_remarks",
    "confirm_subscription",
    "create_candidate",
    "create_meeting",
    "create_opinion_request",
    "link_project",
    "linkable_projects",
    "linked_projects",
    "mail_digest",
    "mail_publication",
    "opinion_table_rows",
    "people_to_tell_of_replacement",
    "publish_to_subscribers",
    "record_attendance",
    "record_publication",
    "remind_speakers",
    "replace_material",
    "save_minutes_summary",
    "submit_opinion",
    "subscribe",
    "unsubscribe",
]
