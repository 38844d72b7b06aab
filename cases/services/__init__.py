"""Every write that matters in the case flow, one module per topic.

Each service is keyword-only and atomic, checks who may do it with
``cases.permissions.require`` (on the server, whatever the request looked like),
moves the case only through ``cases.workflow``, raises ``ValidationError`` with a
translatable message when a precondition fails (and then changes nothing), writes the
audit record, and enqueues follow-up work with ``transaction.on_commit``.

- ``intake``: office holders, meldingen (also via the 24/7-lijn), completing an intake
- ``case``: owner, phase, closing and reopening
- ``consent``: recording and revoking consent
- ``handoff``: handing a case to an ambassador, their answer, taking it back
- ``notes``: case notes and contact log entries
- ``referrals``: referrals and their status and outcome
- ``police``: the police advice, aangifte or melding, and damage
- ``advisor``: what a confidential advisor did, and the formal report
- ``common``: what several topics share (row lock, on-commit tasks, the danger flag)
"""
