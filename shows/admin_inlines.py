"""What every inline of the wiki's admin shares: no blank rows unless asked for."""

from django.contrib import admin


class WikiTabularInline(admin.TabularInline):
    extra = 0
