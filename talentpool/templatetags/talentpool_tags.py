from django import template

register = template.Library()


ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "blockquote", "h3", "h4"}


@register.filter
def markdown(text: str):
    """Markdown rendered to HTML and sanitised (nh3): no scripts, styles or attributes but safe links."""
    import markdown as markdown_lib
    import nh3
    from django.utils.safestring import mark_safe

    html = markdown_lib.markdown(text or "", extensions=["nl2br", "sane_lists"])
    return mark_safe(  # noqa: S308 - nh3 has removed every tag and attribute not allowed above
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
    )


@register.filter
def dispatch_status(code: str) -> str:
    """A request's status label in the reader's language (notifications store the code, not the words)."""
    from talentpool.models import DispatchRequest

    try:
        return str(DispatchRequest.Status(code).label)
    except ValueError:
        return code
