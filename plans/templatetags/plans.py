from django import template

register = template.Library()


@register.filter
def schedule_on(activity, today):
    """The activity's place in its schedule on ``today``, with a label to show."""
    schedule = activity.schedule(today)
    return type(schedule)(schedule)
