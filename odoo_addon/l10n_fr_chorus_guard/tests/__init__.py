from . import test_posting_guard
from . import test_context_access
from . import test_send
from . import test_rejection
from . import test_scope_and_resend
from . import test_tour
