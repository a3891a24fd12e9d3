from django import template

register = template.Library()


@register.filter
def free_days(talent, months):
    """(month, free days) for a search card, from the prefetched capacity and bookings."""
    return talent.free_days_in(months)
