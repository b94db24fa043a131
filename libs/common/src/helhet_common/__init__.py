"""Helhet's shared mechanisms (see the architecture in docs/architecture.md)."""

import warnings

import authlib.deprecate

# Authlib 1.9 warns, at import, that it runs on httpx rather than its successor httpx2,
# and its module turns that warning on for good ("always"), so the filter goes in after
# it. Helhet's HTTP is httpx throughout (decision 0006 records the choice); the warning
# printed at the start of every command and test run says nothing an operator can act on.
warnings.filterwarnings(
    "ignore",
    message="The httpx module is deprecated; please use httpx2",
    category=authlib.deprecate.AuthlibDeprecationWarning,
)
