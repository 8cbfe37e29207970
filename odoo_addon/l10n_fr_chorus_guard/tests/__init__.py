from . import test_posting_guard
from . import test_context_access
from . import test_engagement
from . import test_send
from . import test_send_admin
from . import test_rejection
from . import test_tour
from . import test_bench
