"""Template filters for the one date voice (see ``core.voice``)."""

from django import template

from core import voice

register = template.Library()

register.filter("list_date", voice.list_date)
register.filter("page_date", voice.page_date)
register.filter("page_datetime", voice.page_datetime)
