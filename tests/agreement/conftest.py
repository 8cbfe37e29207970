"""The agreement suite shares the conformance suite's CLI fixture (`$CHORUS_GUARD_BIN`
or the debug build) and its oracle (`conformance/validate.py`)."""

from conformance.conftest import cli  # noqa: F401  (a fixture, used by name)
