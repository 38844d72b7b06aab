"""Administration inside Klankbord (/beheren/): the functional admin's accounts pages
and the failed logins, in the app's own look. Roles, organisations and second factors
still change only with four eyes (``security.approvals``); the Django admin (/beheer/)
is left to superusers for technical maintenance."""
