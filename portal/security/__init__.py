"""Authentication hardening (ASVS level 2): the second factor, login and reset limits, session lifetimes,
security headers and log redaction. An app of its own (label `security`) under the portal's ground floor."""
