"""Reported signals and anonymised reports: built in the signals issue."""
