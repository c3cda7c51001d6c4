"""The data exchange: a namespace of Django apps, one per capability (see each app's apps.py).

Layers, lowest first: data -> partners -> corrections -> sync, matching -> api -> privacy, reports.
"""
