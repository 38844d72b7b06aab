"""Forms of the case flow, one module per topic (as ``cases.services``). They
validate input shape; the services own the rules."""
