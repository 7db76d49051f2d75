"""Helpers shared by the test modules (environment set-up is in the root conftest.py).

Test modules import them: `from tests.conftest import assert_wrong`.
"""

from poscourse.checks import Feedback


def assert_wrong(feedback: Feedback, phrase: str) -> None:
    """The check said "wrong", and its message contains `phrase` (the words a learner must see)."""
    assert feedback.status == "wrong", feedback
    assert phrase in feedback.message, feedback.message
