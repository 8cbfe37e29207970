from . import test_context_access, test_posting_guard, test_rejection, test_send
